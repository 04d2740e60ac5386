"""Every write to a case goes through a function here (HackSoft style): views, API, admin and tasks call them."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import EARLIEST_DAY, day_start
from grids.models import Community, Department, Grid, GridTier, Platform

from .. import clock
from ..handover import normalize_handover_number, validate_handover_number
from ..identity import encrypt_id_number, hash_id_number, hash_tracking_pin, id_number_last4, new_tracking_code
from ..models import (
    MAX_NAMED_PETITIONERS,
    MAX_REPRESENTATIVES,
    Case,
    CaseEvent,
    CasePetitioner,
    Category,
    Channel,
    Petitioner,
    Status,
    Subject,
)
from .notices import notify_new_submission


@dataclass(frozen=True)
class PetitionerData:
    name: str
    sex: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""
    workplace: str = ""


def _petitioner_get_or_create(data: PetitionerData, *, keep_id_number: bool = False) -> Petitioner:
    """One person, one row: the same ID number (or the same name and phone) finds the earlier record.

    keep_id_number: the counter identified the person (信访工作条例), so the full number is kept, encrypted.
    """
    id_hash = hash_id_number(data.id_number)
    encrypted = encrypt_id_number(data.id_number) if keep_id_number else ""
    existing = None
    if id_hash:
        existing = Petitioner.objects.filter(id_number_hash=id_hash).order_by("pk").first()
    elif data.phone:
        existing = Petitioner.objects.filter(phone=data.phone, name=data.name).order_by("pk").first()
    if existing is None:
        return Petitioner.objects.create(
            name=data.name,
            sex=data.sex,
            phone=data.phone,
            id_number_hash=id_hash,
            id_number_last4=id_number_last4(data.id_number),
            id_number_encrypted=encrypted,
            address=data.address,
            workplace=data.workplace,
        )
    # Keep the newest contact details, never blank out what was known.
    changed = []
    for field in ("phone", "address", "workplace", "sex"):
        value = getattr(data, field)
        if value and getattr(existing, field) != value:
            setattr(existing, field, value)
            changed.append(field)
    if encrypted and not existing.id_number_encrypted:
        # Known until now by a web form's hash only; the counter has since seen the person's card.
        existing.id_number_encrypted = encrypted
        changed.append("id_number_encrypted")
    if changed:
        existing.save(update_fields=changed)
    return existing


def _default_tier(grid: Grid | None, community: Community | None) -> GridTier:
    if grid is not None:
        return grid.tier
    code = GridTier.COMMUNITY if community is not None else GridTier.TOWN
    return GridTier.objects.get(code=code)


def _validate_registration(
    *,
    channel: str,
    petitioners: Sequence[PetitionerData],
    is_group_visit: bool,
    headcount: int,
    is_anonymous: bool,
) -> None:
    errors: dict[str, list[str]] = {}
    # Five representatives is the rule for visits (条例 art. 20 para. 3); a joint letter, call or web
    # submission may name more people, each kept like any petitioner.
    if channel == Channel.VISIT and len(petitioners) > MAX_REPRESENTATIVES:
        errors.setdefault("petitioners", []).append(
            _("A group visit may name at most %(max)d representatives.") % {"max": MAX_REPRESENTATIVES}
        )
    elif len(petitioners) > MAX_NAMED_PETITIONERS:
        errors.setdefault("petitioners", []).append(
            _("A case may name at most %(max)d people.") % {"max": MAX_NAMED_PETITIONERS}
        )
    if not petitioners and not is_anonymous:
        errors.setdefault("petitioners", []).append(_("Name at least one petitioner, or mark the case anonymous."))
    if headcount < 1:
        errors.setdefault("headcount", []).append(_("The headcount must be at least one."))
    if not is_group_visit and headcount != 1:
        errors.setdefault("headcount", []).append(_("Only a group visit has a headcount above one."))
    if is_group_visit and headcount < max(len(petitioners), 2):
        errors.setdefault("headcount", []).append(
            _("A group visit has at least two people and no fewer than its representatives.")
        )
    if errors:
        raise ValidationError(errors)


# A clock a little ahead of the office's is no reason to refuse a case; a day ahead is a typing mistake.
RECEIVED_AT_SLACK = timedelta(days=1)


def _validate_received_at(received_at: datetime) -> None:
    """The time received starts the statutory clock: it lies between EARLIEST_DAY and a day from now."""
    if day_start(EARLIEST_DAY) <= received_at <= timezone.now() + RECEIVED_AT_SLACK:
        return
    raise ValidationError(
        {
            "received_at": _("The time received must lie between %(first)s and today; check the year and the day.")
            % {"first": EARLIEST_DAY.isoformat()}
        }
    )


def case_register(
    *,
    by: AbstractBaseUser | None,
    channel: str,
    platform: Platform,
    what_happened: str,
    request: str,
    petitioners: Sequence[PetitionerData] = (),
    category: str = Category.RELIEF,
    subject: Subject | None = None,
    community: Community | None = None,
    grid: Grid | None = None,
    address: str = "",
    is_group_visit: bool = False,
    headcount: int = 1,
    is_anonymous: bool = False,
    contact_phone: str = "",
    repeat_of: Case | None = None,
    is_level_skipping: bool = False,
    accused_department: Department | None = None,
    accused_name: str = "",
    received_at: datetime | None = None,
    tracking_pin: str = "",
    submission_key: str | None = None,
    note: str = "",
    keep_id_number: bool = False,
    handover_number: str = "",
) -> Case:
    """Register a case (登记) with its petitioners and the first timeline event, all or nothing.

    A repeated submission_key returns the case the first submission created. keep_id_number keeps the
    petitioners' full ID numbers, encrypted: only the counter's registration asks for it.
    """
    if submission_key:
        earlier = Case.objects.filter(submission_key=submission_key).first()
        if earlier is not None:
            return earlier
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Unknown channel.")})
    if category not in Category.values:
        raise ValidationError({"category": _("Unknown category.")})
    handover_number = normalize_handover_number(handover_number)
    validate_handover_number(channel, handover_number)
    _validate_registration(
        channel=channel,
        petitioners=petitioners,
        is_group_visit=is_group_visit,
        headcount=headcount,
        is_anonymous=is_anonymous,
    )
    received_at = received_at or timezone.now()
    _validate_received_at(received_at)
    if community is None and grid is not None:
        community = grid.community
    if not contact_phone and petitioners:
        contact_phone = petitioners[0].phone

    try:
        with transaction.atomic():
            case = _case_insert(
                received_by=by,
                channel=channel,
                platform=platform,
                category=category,
                subject=subject,
                community=community,
                grid=grid,
                address=address,
                what_happened=what_happened,
                request=request,
                is_group_visit=is_group_visit,
                headcount=headcount,
                is_anonymous=is_anonymous,
                contact_phone=contact_phone,
                repeat_of=repeat_of,
                is_level_skipping=is_level_skipping,
                accused_department=accused_department,
                accused_name=accused_name,
                received_at=received_at,
                tracking_pin_hash=hash_tracking_pin(tracking_pin) if tracking_pin else "",
                submission_key=submission_key,
                handover_number=handover_number,
            )
            CasePetitioner.objects.bulk_create(
                CasePetitioner(
                    case=case,
                    petitioner=_petitioner_get_or_create(data, keep_id_number=keep_id_number),
                    position=position,
                )
                for position, data in enumerate(petitioners, start=1)
            )
            registered = CaseEvent.objects.create(
                case=case,
                actor=by,
                kind=CaseEvent.Kind.REGISTERED,
                new_status=Status.REGISTERED,
                new_tier=case.tier,
                note=note,
                is_public=True,
                at=case.received_at,
            )
            if channel == Channel.WEB:
                # No clerk saw it come in: the petition office is told at once.
                notify_new_submission(case=case, event=registered)
    except IntegrityError:
        # A double click raced us past the check above: the other request's case is the answer.
        if submission_key:
            earlier = Case.objects.filter(submission_key=submission_key).first()
            if earlier is not None:
                return earlier
        raise
    # Lets the caller tell a new case from the one an earlier identical submission made.
    case.created_now = True
    return case


def _case_insert(**fields) -> Case:
    tier = _default_tier(fields["grid"], fields["community"])
    zone = fields["community"].zone if fields["community"] is not None else None
    visit_kind = Case.VisitKind.REPEAT if fields["repeat_of"] is not None else Case.VisitKind.FIRST
    for _attempt in range(5):
        code = new_tracking_code()
        if not Case.objects.filter(tracking_code=code).exists():
            break
    # The first step of the statutory clock: transfer or assign within CASE_TRANSFER_DAYS of receipt.
    transfer_due_on = clock.transfer_due(fields["received_at"])
    return Case.objects.create(
        tracking_code=code,
        tier=tier,
        zone=zone,
        visit_kind=visit_kind,
        status=Status.REGISTERED,
        tier_entered_at=fields["received_at"],
        tier_due_on=clock.tier_due(fields["received_at"], tier.target_days),
        transfer_due_on=transfer_due_on,
        due_on=transfer_due_on,
        **fields,
    )
