"""Handling writes: sign for, notes, people, extensions, tiers, the written reply and closing (one function each).

Each service asks the case's entry in cases.actions who may act and from which states (writes.guard),
then writes one conditional update with its timeline event (writes.write). A caller acting on a stale
page gets CaseConflict carrying the fresh case; an action the state or the clock no longer allows
raises ActionNotAllowed. `at` records something done earlier (a paper file entered later, the demo town).
"""

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.conditional import update_if_unchanged
from grids.models import GridTier

from .. import actions, clock, rules
from ..models import Case, CaseEvent, ExtensionStatus, Outcome, Status
from .notices import notify_extension_asked
from .people import set_people, validate_people
from .writes import ActionNotAllowed, CaseConflict, fresh, guard, required, write


def case_sign(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    notice: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Sign for the case (签收): the handling body accepts it (受理) and the written acceptance notice goes
    to the petitioner (条例 art. 23): this event is that notice, printable from the case, and its SMS.

    A request for relief starts its 60-day clock; a suggestion or a report of misconduct has none (条例
    arts. 29-31). Signing withdraws an objection still waiting for the petition office.
    """
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.SIGN, expected_version=expected_version, at=at)
    reply_due_on = clock.reply_due(at) if rules.is_relief(case) else None
    with transaction.atomic():
        write(
            case=case,
            by=by,
            action=actions.SIGN,
            at=at,
            to_status=Status.IN_PROGRESS,
            changes={
                "accepted_at": at,
                "reply_due_on": reply_due_on,
                "due_on": reply_due_on,
                "objected_at": None,
            },
            note=notice.strip(),
            is_public=True,
        )
    return case


def case_add_note(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    text: str,
    is_public: bool = False,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """A progress note: internal, or public so the petitioner reads it on the tracking page."""
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.NOTE, expected_version=expected_version, at=at)
    text = required(text, "text", _("Write the note."))
    with transaction.atomic():
        write(case=case, by=by, action=actions.NOTE, at=at, kind=CaseEvent.Kind.NOTE, note=text, is_public=is_public)
    return case


def case_assign_people(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    people: Iterable[AbstractBaseUser],
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Put the X people on the case (grid worker, mediator, enforcement officer, community staff, agent)."""
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.PEOPLE, expected_version=expected_version, at=at)
    people = validate_people(case, people)
    with transaction.atomic():
        # The version moves even when only the list changes: a page showing the old list is stale.
        expected = {"status__in": list(actions.PEOPLE.allowed_from)}
        if not update_if_unchanged(
            Case, pk=case.pk, version=case.version, expected=expected, changes={"updated_at": timezone.now()}
        ):
            raise CaseConflict(fresh(case))
        if not set_people(case=case, by=by, people=people, at=at):
            raise ValidationError({"people": _("These are already the people on the case.")})
    case.version += 1
    case._prefetched_objects_cache = {}
    return case


def case_ask_extension(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    days: int,
    reason: str,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Ask the department head for more time (at most CASE_EXTENSION_MAX_DAYS); the reason will be told."""
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.ASK_EXTENSION, expected_version=expected_version, at=at)
    limit = settings.CASE_EXTENSION_MAX_DAYS
    if not 1 <= days <= limit:
        raise ValidationError({"days": _("An extension is 1 to %(max)d days.") % {"max": limit}})
    reason = required(reason, "reason", _("Give the reason; the petitioner will be told it."))
    with transaction.atomic():
        asked = write(
            case=case,
            by=by,
            action=actions.ASK_EXTENSION,
            at=at,
            changes={
                "extension_status": ExtensionStatus.REQUESTED,
                "extension_days": days,
                "extension_reason": reason,
            },
            match={"extension_status__in": [ExtensionStatus.NONE, ExtensionStatus.REFUSED]},
            kind=CaseEvent.Kind.EXTENSION_ASKED,
            note=reason,
            detail=str(days),
        )
        notify_extension_asked(case=case, event=asked, by=by)
    return case


def case_decide_extension(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    approve: bool,
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """The head approves (the reply is due later and the petitioner is told why) or refuses the extension.

    Approval only before the 60 days run out (条例 art. 34): a late approval is refused, so an overdue case
    stays recorded as overdue (its due date never moves past a day already missed).
    """
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.DECIDE_EXTENSION, expected_version=expected_version, at=at)
    if approve and case.reply_due_on is not None and clock.local_day(at) > case.reply_due_on:
        raise ActionNotAllowed(
            _("The reply was due on %(date)s: an extension can only be approved before the limit runs out.")
            % {"date": case.reply_due_on.isoformat()},
            code="late_extension",
        )
    match = {"extension_status": ExtensionStatus.REQUESTED}
    with transaction.atomic():
        if approve:
            # The whole limit, 60 + N days from acceptance, shifted once at its end.
            due = clock.reply_due(case.accepted_at or at, case.extension_days)
            write(
                case=case,
                by=by,
                action=actions.DECIDE_EXTENSION,
                at=at,
                changes={"extension_status": ExtensionStatus.GRANTED, "reply_due_on": due, "due_on": due},
                match=match,
                kind=CaseEvent.Kind.EXTENSION_GRANTED,
                note=case.extension_reason,
                detail=str(case.extension_days),
                is_public=True,
            )
        else:
            note = required(note, "note", _("Say why the extension is refused."))
            write(
                case=case,
                by=by,
                action=actions.DECIDE_EXTENSION,
                at=at,
                changes={"extension_status": ExtensionStatus.REFUSED},
                match=match,
                kind=CaseEvent.Kind.EXTENSION_REFUSED,
                note=note,
            )
    return case


def case_move_tier(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    to_tier: GridTier,
    reason: str,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Escalate the case to a wider tier, or hand it down, with the reason on the timeline."""
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.CHANGE_TIER, expected_version=expected_version, at=at)
    reason = required(reason, "reason", _("Give a reason for moving the case to another tier."))
    if to_tier.pk == case.tier_id:
        raise ValidationError({"tier": _("The case is already at this tier.")})
    old_tier_id = case.tier_id
    with transaction.atomic():
        # Entering the tier starts its target time (GridTier.target_days).
        write(
            case=case,
            by=by,
            action=actions.CHANGE_TIER,
            at=at,
            changes={"tier": to_tier, "tier_entered_at": at, "tier_due_on": clock.tier_due(at, to_tier.target_days)},
            kind=CaseEvent.Kind.TIER,
            note=reason,
            old_tier_id=old_tier_id,
            new_tier=to_tier,
        )
    return case


def case_reply(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    outcome: str = "",
    text: str,
    legal_basis: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Reply in writing (the 信访处理意见书); the tier it was resolved at is kept.

    A request for relief states the facts and reasons, an outcome (支持 / 解释说明 / 不予支持) and its legal
    basis (条例 art. 32). A suggestion is answered, a report of misconduct is answered with how it went to
    the discipline route: neither has an outcome.
    """
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.REPLY, expected_version=expected_version, at=at)
    legal_basis = (legal_basis or "").strip()
    if rules.is_relief(case):
        if outcome not in Outcome.values:
            raise ValidationError({"outcome": _("Choose the outcome.")})
        legal_basis = required(
            legal_basis, "legal_basis", _("Name the laws, regulations or policies the opinion rests on.")
        )
    elif outcome:
        raise ValidationError({"outcome": _("A suggestion or a report of misconduct is answered without an outcome.")})
    text = required(text, "text", _("Write the reply: the facts found, the grounds and the opinion."))
    with transaction.atomic():
        write(
            case=case,
            by=by,
            action=actions.REPLY,
            at=at,
            to_status=Status.REPLIED,
            changes={
                "outcome": outcome,
                "reply_text": text,
                "reply_legal_basis": legal_basis,
                "replied_at": at,
                "replied_by": by,
                "answered_at": at,
                "answer_delivered_on": None,
                "reply_department_id": case.lead_department_id,
                "resolved_tier_id": case.tier_id,
                "due_on": None,
            },
            note=text,
            detail=outcome,
            is_public=True,
        )
    return case


def case_close(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Close a replied case (办结). The petitioner may still ask for a review within the window."""
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.CLOSE, expected_version=expected_version, at=at)
    with transaction.atomic():
        write(
            case=case,
            by=by,
            action=actions.CLOSE,
            at=at,
            to_status=Status.CLOSED,
            changes={"closed_at": at, "resolved_tier_id": case.resolved_tier_id or case.tier_id},
            note=note.strip(),
            is_public=True,
        )
    return case
