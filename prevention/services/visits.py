"""Recording a door-to-door visit, and the case it opens or joins (one case per visit, whatever the clicks)."""

from collections.abc import Iterable
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.linked import record_linked_step
from cases.models import Case, Channel, Subject
from cases.policy import case_is_visible_to
from cases.services import PetitionerData, case_register
from core.validation import normalize_phone, validate_phone
from grids.models import Community, Grid, Platform

from ..models import RiskItem, RosterPerson, Visit

STEP_FOUND = "visit_found"
STEP_VISITED = "visit_attached"


@transaction.atomic
def visit_record(
    *,
    by: AbstractBaseUser,
    visited_on: date,
    community: Community,
    address: str,
    resident_name: str,
    reason: str,
    grid: Grid | None = None,
    resident_phone: str = "",
    asked: str = "",
    done: str = "",
    staff: Iterable[AbstractBaseUser] = (),
    team: Iterable[RosterPerson] = (),
    risk: RiskItem | None = None,
) -> Visit:
    errors: dict[str, list[str]] = {}
    if visited_on > timezone.localdate():
        errors["visited_on"] = [_("A visit cannot be recorded before it happened.")]
    if grid is not None and grid.community_id != community.pk:
        errors["grid"] = [_("This grid is not in the chosen community.")]
    if reason not in Visit.Reason.values:
        errors["reason"] = [_("Choose why the visit was made.")]
    resident_phone = normalize_phone(resident_phone)
    if resident_phone:
        try:
            validate_phone(resident_phone)
        except ValidationError as err:
            errors["resident_phone"] = err.messages
    if errors:
        raise ValidationError(errors)
    visit = Visit.objects.create(
        visited_on=visited_on,
        community=community,
        grid=grid,
        address=address.strip(),
        resident_name=resident_name.strip(),
        resident_phone=resident_phone,
        reason=reason,
        asked=asked,
        done=done,
        risk=risk,
        recorded_by=by,
    )
    visit.staff.set({by, *staff})
    visit.team.set(list(team))
    return visit


def platform_for(by: AbstractBaseUser, community: Community) -> Platform:
    """The visitor's own platform, else the community's, else the reception hall."""
    profile = getattr(by, "staff", None)
    if profile is not None and profile.platform_id:
        return profile.platform
    platform = Platform.objects.filter(community=community, is_active=True).order_by("pk").first()
    if platform is None:
        platform = Platform.objects.filter(kind=Platform.Kind.HALL).order_by("pk").first()
    if platform is None:
        raise ValidationError(_("No intake platform is set up for this community or the town."))
    return platform


def visit_open_case(
    *,
    visit: Visit,
    by: AbstractBaseUser,
    what_happened: str,
    request: str,
    subject: Subject | None = None,
    received_at: datetime | None = None,
) -> Case:
    """Open a case from the visit (channel: found on a visit) with the visit linked. Submitted twice, it
    returns the case the first submission opened: the visit is locked, its link checked, and the
    registration's submission key names the visit."""
    if not what_happened.strip() or not request.strip():
        raise ValidationError(_("Say what happened and what the resident asks."))
    with transaction.atomic():
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        if locked.case_id is not None:
            return locked.case
        petitioners = [PetitionerData(name=locked.resident_name, phone=locked.resident_phone, address=locked.address)]
        case = case_register(
            by=by,
            channel=Channel.PATROL,
            platform=platform_for(by, locked.community),
            what_happened=what_happened,
            request=request,
            petitioners=petitioners,
            community=locked.community,
            grid=locked.grid,
            address=locked.address,
            subject=subject,
            received_at=received_at,
            submission_key=f"visit:{locked.pk}",
        )
        updated = Visit.objects.filter(pk=locked.pk, case__isnull=True).update(case=case)
        if updated:
            record_linked_step(
                case=case,
                by=by,
                code=STEP_FOUND,
                note=_("Visit of %(day)s") % {"day": locked.visited_on},
                at=case.received_at,
            )
    visit.case = case
    return case


@transaction.atomic
def visit_attach_case(*, visit: Visit, by: AbstractBaseUser, case: Case) -> Visit:
    """Attach the visit to a case the visitor may see (a follow-up, a return visit after a reply)."""
    if not case_is_visible_to(by, case):
        raise ValidationError({"case": _("No case with this tracking code is open to you.")})
    updated = Visit.objects.filter(pk=visit.pk, case__isnull=True).update(case=case)
    if not updated:
        raise ValidationError(_("This visit is already linked to a case."))
    record_linked_step(case=case, by=by, code=STEP_VISITED, note=_("Visit of %(day)s") % {"day": visit.visited_on})
    visit.case = case
    return visit
