"""The one path every handling write takes: refuse first (stranger, stale page, state, clock), then a
conditional update naming the expected status and version, with its timeline event in the same
transaction, and the petitioner's SMS written to the outbox in that transaction too.
"""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.conditional import update_if_unchanged
from grids.models import Department

from .. import clock
from ..actions import CaseAction
from ..models import Case, CaseEvent
from ..policy import case_is_visible_to
from .messages import notify_resident


class CaseConflict(Exception):
    """The case changed since the caller read it; nothing was written."""

    def __init__(self, case: Case):
        super().__init__(f"Case {case.pk} changed meanwhile.")
        self.case = case


class ActionNotAllowed(ValidationError):
    """The case's state or clock does not allow this action now; nothing was written."""


def acting_unit(by: AbstractBaseUser | None) -> Department | None:
    """The unit that acted, as it is now: the petitioner sees a department, never a person's name."""
    profile = getattr(by, "staff", None) if by is not None else None
    return profile.department if profile is not None else None


def fresh(case: Case) -> Case:
    return Case.objects.select_related("tier", "lead_department").get(pk=case.pk)


def guard(*, case: Case, by: AbstractBaseUser | None, action: CaseAction, expected_version: int | None, at: datetime):
    """Refuse, before writing anything. `by=None` is the petitioner, already identified by the tracking page."""
    if by is not None:
        if not case_is_visible_to(by, case):
            raise PermissionDenied
        if not action.who(by, case):
            raise PermissionDenied
    if expected_version is not None and expected_version != case.version:
        raise CaseConflict(fresh(case))
    reason = action.blocker(case, clock.local_day(at))
    if reason:
        raise ActionNotAllowed(reason, code=action.name)


def write(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    action: CaseAction,
    at: datetime,
    to_status: str = "",
    changes: dict | None = None,
    match: dict | None = None,
    kind: str = CaseEvent.Kind.STATUS,
    note: str = "",
    is_public: bool = False,
    **event_fields,
) -> CaseEvent:
    """The conditional update and its event; `case` then holds what was written. Call inside transaction.atomic()."""
    now = timezone.now()
    values = {**(changes or {}), "updated_at": now}
    if to_status:
        values["status"] = to_status
    expected = {"status__in": list(action.allowed_from), **(match or {})}
    if not update_if_unchanged(Case, pk=case.pk, version=case.version, expected=expected, changes=values):
        raise CaseConflict(fresh(case))
    event = CaseEvent.objects.create(
        case=case,
        actor=by,
        department=acting_unit(by),
        kind=kind,
        old_status=case.status if to_status else "",
        new_status=to_status,
        note=note,
        is_public=is_public,
        at=at,
        **event_fields,
    )
    # The petitioner hears of the steps they wait for by SMS, written to the outbox in this transaction.
    if action.tells_petitioner and is_public:
        notify_resident(case=case, what=action.tells_petitioner, dedupe=str(event.pk))
    # The row now holds exactly these values (the update matched one row at this version): no re-read.
    for field, value in (changes or {}).items():
        setattr(case, field, value)
    case.version += 1
    case.updated_at = now
    if to_status:
        case.status = to_status
    return event


def required(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def write_recount(*, case: Case, changes: dict, note: str, at: datetime | None = None) -> bool:
    """The clock's own write: due dates recounted on a calendar change, with their timeline event.

    No person and no action: nothing to guard. Conditional on the status and version the recount read, so an
    action taken meanwhile wins and the caller counts that case again; the version moves, so a page showing the
    old dates is stale. Call inside transaction.atomic(). False when the case changed meanwhile.
    """
    now = timezone.now()
    expected = {"status": case.status}
    if not update_if_unchanged(
        Case, pk=case.pk, version=case.version, expected=expected, changes={**changes, "updated_at": now}
    ):
        return False
    CaseEvent.objects.create(case=case, at=at or now, kind=CaseEvent.Kind.DUE_DATES, note=note, is_public=False)
    for field, value in changes.items():
        setattr(case, field, value)
    case.version += 1
    case.updated_at = now
    return True
