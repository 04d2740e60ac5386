"""The screening register's writes: register an item, review it (notes, level), end it. Each writes an event."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.linked import record_linked_step
from cases.models import Case, Category, Channel
from cases.services import case_register
from grids.models import Community, Department, Grid

from ..models import RiskEvent, RiskItem, RiskLevel
from ..models.screening import PRESSING_LEVELS
from .visits import platform_for


def review_interval(level: str) -> timedelta:
    return timedelta(days=int(settings.RISK_REVIEW_DAYS[level]))


def suggested_review(level: str, *, today: date | None = None) -> date:
    return (today or timezone.localdate()) + review_interval(level)


def _check_review_date(level: str, next_review_on: date | None, errors: dict) -> None:
    if level not in RiskLevel.values:
        errors["level"] = [_("Choose a risk level.")]
        return
    if level in PRESSING_LEVELS and next_review_on is None:
        errors["next_review_on"] = [_("A high or major risk needs a next review date.")]
    elif next_review_on is not None:
        today = timezone.localdate()
        if next_review_on < today:
            errors["next_review_on"] = [_("The next review cannot be in the past.")]
        elif next_review_on > today + review_interval(level):
            errors["next_review_on"] = [
                _("At this level the item is reviewed at least every %(days)d days.")
                % {"days": review_interval(level).days}
            ]


def _check_follower(follower, accused_user, accused_department, errors: dict) -> None:
    """The accused rule: nobody follows a matter about themselves or their own department."""
    if accused_user is not None and follower.pk == accused_user.pk:
        errors["follower"] = [_("The person a misconduct matter is about cannot follow it.")]
    profile = getattr(follower, "staff", None)
    if accused_department is not None and profile is not None and profile.department_id == accused_department.pk:
        errors["follower"] = [_("Nobody of the department concerned can follow this matter.")]


@transaction.atomic
def risk_register(
    *,
    by: AbstractBaseUser,
    title: str,
    description: str,
    kind: str,
    level: str,
    community: Community,
    follower: AbstractBaseUser,
    next_review_on: date | None = None,
    grid: Grid | None = None,
    accused_user: AbstractBaseUser | None = None,
    accused_department: Department | None = None,
) -> RiskItem:
    errors: dict[str, list[str]] = {}
    if kind not in RiskItem.Kind.values:
        errors["kind"] = [_("Choose a type.")]
    if grid is not None and grid.community_id != community.pk:
        errors["grid"] = [_("This grid is not in the chosen community.")]
    _check_review_date(level, next_review_on, errors)
    if kind != RiskItem.Kind.MISCONDUCT:
        accused_user = accused_department = None
    _check_follower(follower, accused_user, accused_department, errors)
    if errors:
        raise ValidationError(errors)
    if next_review_on is None:
        next_review_on = suggested_review(level)
    item = RiskItem.objects.create(
        title=title.strip(),
        description=description,
        kind=kind,
        level=level,
        community=community,
        grid=grid,
        follower=follower,
        next_review_on=next_review_on,
        accused_user=accused_user,
        accused_department=accused_department,
        created_by=by,
    )
    RiskEvent.objects.create(item=item, kind=RiskEvent.Kind.REGISTERED, new_level=level, by=by)
    return item


@transaction.atomic
def risk_review(
    *,
    item: RiskItem,
    by: AbstractBaseUser,
    expected_version: int,
    note: str,
    level: str,
    next_review_on: date | None,
) -> RiskItem:
    """A review: its notes, the level it now has, and when it is looked at next."""
    errors: dict[str, list[str]] = {}
    if not note.strip():
        errors["note"] = [_("Write what the review found.")]
    _check_review_date(level, next_review_on, errors)
    if errors:
        raise ValidationError(errors)
    if next_review_on is None:
        next_review_on = suggested_review(level)
    updated = RiskItem.objects.filter(pk=item.pk, version=expected_version, status=RiskItem.Status.OPEN).update(
        level=level, next_review_on=next_review_on, version=expected_version + 1
    )
    if not updated:
        raise ValidationError(_("Someone changed or ended this item meanwhile: reload it; your notes are kept below."))
    RiskEvent.objects.create(
        item=item, kind=RiskEvent.Kind.REVIEWED, old_level=item.level, new_level=level, note=note, by=by
    )
    item.refresh_from_db()
    return item


@transaction.atomic
def risk_end(
    *,
    item: RiskItem,
    by: AbstractBaseUser,
    expected_version: int,
    outcome: str,
    note: str = "",
    case: Case | None = None,
) -> RiskItem:
    """How it ended: defused, turned into a case (linked), or turned into a mediation (recorded only)."""
    if outcome not in RiskItem.Outcome.values:
        raise ValidationError({"outcome": [_("Choose how the item ended.")]})
    if outcome == RiskItem.Outcome.CASE and case is None:
        raise ValidationError({"case": [_("Name the case it turned into.")]})
    updated = RiskItem.objects.filter(pk=item.pk, version=expected_version, status=RiskItem.Status.OPEN).update(
        status=RiskItem.Status.CLOSED,
        outcome=outcome,
        case=case if outcome == RiskItem.Outcome.CASE else None,
        next_review_on=None,
        version=expected_version + 1,
    )
    if not updated:
        raise ValidationError(_("Someone changed or ended this item meanwhile: reload it; your notes are kept below."))
    RiskEvent.objects.create(item=item, kind=RiskEvent.Kind.ENDED, old_level=item.level, note=note, by=by)
    item.refresh_from_db()
    return item


STEP_SCREENING = "risk_found"


def risk_open_case(*, item: RiskItem, by: AbstractBaseUser, what_happened: str, request: str) -> Case:
    """Turn the item into a case (channel: found by risk screening) and end it so. Sent twice, the case the
    first submission opened comes back: the item is locked and its link checked first."""
    if not what_happened.strip() or not request.strip():
        raise ValidationError(_("Say what happened and what is asked."))
    with transaction.atomic():
        locked = RiskItem.objects.select_for_update(of=("self",)).select_related("community", "grid").get(pk=item.pk)
        if locked.case_id is not None:
            return locked.case
        if locked.status != RiskItem.Status.OPEN:
            raise ValidationError(_("This item has already ended."))
        misconduct = locked.kind == RiskItem.Kind.MISCONDUCT
        case = case_register(
            by=by,
            channel=Channel.SCREENING,
            platform=platform_for(by, locked.community),
            what_happened=what_happened,
            request=request,
            is_anonymous=True,
            category=Category.MISCONDUCT if misconduct else Category.RELIEF,
            accused_department=locked.accused_department if misconduct else None,
            community=locked.community,
            grid=locked.grid,
            submission_key=f"risk:{locked.pk}",
        )
        RiskItem.objects.filter(pk=locked.pk, case__isnull=True).update(
            status=RiskItem.Status.CLOSED,
            outcome=RiskItem.Outcome.CASE,
            case=case,
            next_review_on=None,
            version=locked.version + 1,
        )
        RiskEvent.objects.create(item=locked, kind=RiskEvent.Kind.ENDED, old_level=locked.level, by=by)
        record_linked_step(case=case, by=by, code=STEP_SCREENING, note=locked.title)
    return case
