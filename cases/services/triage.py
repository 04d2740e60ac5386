"""Triage writes: accept and route (受理), not accept (不予受理 / 不再受理), and a department's objection."""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grids.models import Department, GridTier, Zone

from .. import actions, clock
from ..models import NOT_ACCEPTED_GROUNDS, Case, CaseAssignment, CaseEvent, CaseReview, NotAcceptedReason, Status
from ..policy import cases_visible_to
from .notices import notify_objection, notify_routed
from .people import check_not_accused, set_people, validate_people
from .writes import acting_unit, guard, required, write


def case_route(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    lead_department: Department,
    tier: GridTier,
    zone: Zone | None = None,
    assisting_departments: Iterable[Department] = (),
    people: Iterable[AbstractBaseUser] = (),
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Accept the matter (受理) and route it: zone, tier, lead and assisting departments, the X people.

    Starts the handling body's clock: acceptance notice in CASE_ACCEPTANCE_NOTICE_DAYS, objection
    within CASE_OBJECTION_WORKING_DAYS working days.
    """
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.ROUTE, expected_version=expected_version, at=at)
    if not lead_department.is_active:
        raise ValidationError({"lead_department": _("This department is no longer active.")})
    assisting = [d for d in dict.fromkeys(assisting_departments) if d.pk != lead_department.pk]
    check_not_accused(case, lead_department, assisting)
    people = validate_people(case, people)
    acceptance_due_on = clock.acceptance_due(at)
    changes = {
        "lead_department": lead_department,
        "zone": zone or case.zone,
        "routed_at": at,
        "acceptance_due_on": acceptance_due_on,
        "objection_due_on": clock.objection_due(at),
        "due_on": acceptance_due_on,
        "not_accepted_reason": "",
    }
    old_tier_id = case.tier_id
    tier_moved = tier.pk != old_tier_id
    # Handling at a tier starts when the case is routed there: its target time counts from now.
    changes["tier_entered_at"] = at
    changes["tier_due_on"] = clock.tier_due(at, tier.target_days)
    if tier_moved:
        changes["tier"] = tier
    with transaction.atomic():
        routed = write(
            case=case,
            by=by,
            action=actions.ROUTE,
            at=at,
            to_status=Status.ASSIGNED,
            changes=changes,
            kind=CaseEvent.Kind.ROUTED,
            is_public=True,
        )
        if tier_moved:
            CaseEvent.objects.create(
                case=case,
                actor=by,
                department=acting_unit(by),
                kind=CaseEvent.Kind.TIER,
                old_tier_id=old_tier_id,
                new_tier=tier,
                at=at,
            )
        case.assisting_departments.set(assisting)
        set_people(case=case, by=by, people=people, at=at)
        case._prefetched_objects_cache = {}
        if note.strip():
            CaseEvent.objects.create(
                case=case, actor=by, department=acting_unit(by), kind=CaseEvent.Kind.NOTE, note=note.strip(), at=at
            )
        notify_routed(case=case, event=routed, by=by, people=people)
    return case


def case_not_accept(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    reason: str,
    explanation: str,
    repeats: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Register only: not accepted (不予受理), or not accepted again (不再受理) after a re-review.

    The explanation is told to the petitioner (where to go instead), so it is a public event and the
    written not-accepted notice. 不再受理 names the re-reviewed case it repeats (`repeats`, its tracking
    code). Level-skipping is never a ground: it is a flag, and the visitor is guided (条例 art. 20).
    """
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.NOT_ACCEPT, expected_version=expected_version, at=at)
    if reason == NotAcceptedReason.LEVEL_SKIPPING:
        raise ValidationError(
            {
                "reason": _(
                    "Level-skipping is not a ground for not accepting: flag it, guide the petitioner to the "
                    "competent body, or accept the matter."
                )
            }
        )
    if reason not in NOT_ACCEPTED_GROUNDS:
        raise ValidationError({"reason": _("Choose one of the reasons.")})
    explanation = required(explanation, "explanation", _("Tell the petitioner why, and where to turn instead."))
    repeated = _rereviewed_case(case, by, repeats) if reason == NotAcceptedReason.REREVIEWED else None
    to_status = Status.NOT_ACCEPTED_AGAIN if reason == NotAcceptedReason.REREVIEWED else Status.NOT_ACCEPTED
    with transaction.atomic():
        write(
            case=case,
            by=by,
            action=actions.NOT_ACCEPT,
            at=at,
            to_status=to_status,
            changes={"not_accepted_reason": reason, "due_on": None, "repeats_rereviewed": repeated},
            note=explanation,
            detail=reason,
            is_public=True,
        )
    return case


def _rereviewed_case(case: Case, by: AbstractBaseUser | None, code: str) -> Case:
    """The case a 不再受理 matter repeats: one this person can see, whose re-review was decided."""
    code = (code or "").strip().upper()
    if not code:
        raise ValidationError({"repeats": _("Give the tracking code of the re-reviewed case this matter repeats.")})
    visible = cases_visible_to(by) if by is not None else Case.objects.all()
    found = visible.exclude(pk=case.pk).filter(tracking_code=code).first()
    if found is None:
        raise ValidationError({"repeats": _("No case with this tracking code.")})
    if not CaseReview.objects.filter(case=found, level=CaseReview.Level.REREVIEW, decided_at__isnull=False).exists():
        raise ValidationError(
            {
                "repeats": _(
                    "Case %(code)s has not been through a re-review: only then is a matter not accepted again."
                )
                % {"code": found.tracking_code}
            }
        )
    return found


def case_object(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    reason: str,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Object that the matter is not ours (not competent), within 5 working days of the transfer.

    It takes effect only when the petition office verifies and agrees (核实同意, 条例 art. 23 para. 3):
    until then the case stays with the department and its clocks run.
    """
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.OBJECT, expected_version=expected_version, at=at)
    reason = required(reason, "reason", _("Explain why this is not for your department."))
    with transaction.atomic():
        objected = write(
            case=case,
            by=by,
            action=actions.OBJECT,
            at=at,
            changes={"objected_at": at, "objection_reason": reason},
            match={"objected_at__isnull": True},
            kind=CaseEvent.Kind.OBJECTED,
            note=reason,
        )
        notify_objection(case=case, event=objected, by=by)
    return case


def case_decide_objection(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    agree: bool,
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """The petition office checks an objection: agrees (the case comes back to triage) or refuses with a reason."""
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.DECIDE_OBJECTION, expected_version=expected_version, at=at)
    match = {"objected_at__isnull": False}
    with transaction.atomic():
        if not agree:
            note = required(note, "note", _("Say why the objection is refused; the department reads it."))
            write(
                case=case,
                by=by,
                action=actions.DECIDE_OBJECTION,
                at=at,
                changes={"objected_at": None},
                match=match,
                kind=CaseEvent.Kind.OBJECTION_REFUSED,
                note=note,
            )
            return case
        write(
            case=case,
            by=by,
            action=actions.DECIDE_OBJECTION,
            at=at,
            to_status=Status.REGISTERED,
            changes={
                "lead_department": None,
                "routed_at": None,
                "acceptance_due_on": None,
                "objection_due_on": None,
                "objected_at": None,
                "due_on": case.transfer_due_on,
            },
            match=match,
            note=note.strip() or case.objection_reason,
        )
        case.assisting_departments.clear()
        CaseAssignment.objects.filter(case=case).delete()
        case._prefetched_objects_cache = {}
    return case
