"""Who sees which visit, screening item and meeting: a community's staff their community's, the town office
all; a misconduct matter never reaches the person or department it is about. Every page asks here."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from grids.models import Role
from grids.roles import TOWN_WIDE_ROLES
from notifications.sms import mask_phone

from .models import Council, Meeting, MeetingAction, RiskItem, Visit


def _profile(user: AbstractBaseUser):
    return getattr(user, "staff", None) if user.is_authenticated else None


def is_town_wide(user: AbstractBaseUser) -> bool:
    if not user.is_authenticated:
        return False
    profile = _profile(user)
    if profile is None:
        return user.is_superuser
    return profile.role in TOWN_WIDE_ROLES


def _community_id(user: AbstractBaseUser) -> int | None:
    profile = _profile(user)
    if profile is not None and profile.role in (Role.GRID_WORKER, Role.COMMUNITY_STAFF):
        return profile.community_id
    return None


def _department_id(user: AbstractBaseUser) -> int | None:
    profile = _profile(user)
    return profile.department_id if profile is not None else None


def visits_visible_to(user: AbstractBaseUser) -> QuerySet[Visit]:
    if not user.is_authenticated or not user.has_perm("prevention.view_visit"):
        return Visit.objects.none()
    if is_town_wide(user):
        return Visit.objects.all()
    own = Q(recorded_by_id=user.pk) | Q(pk__in=Visit.staff.through.objects.filter(user_id=user.pk).values("visit_id"))
    community_id = _community_id(user)
    if community_id:
        own |= Q(community_id=community_id)
    return Visit.objects.filter(own)


def accused_risk_q(user: AbstractBaseUser) -> Q:
    accused = Q(accused_user_id=user.pk)
    department_id = _department_id(user)
    if department_id:
        accused |= Q(accused_department_id=department_id)
    return Q(kind=RiskItem.Kind.MISCONDUCT) & accused


def risks_visible_to(user: AbstractBaseUser) -> QuerySet[RiskItem]:
    if not user.is_authenticated or not user.has_perm("prevention.view_riskitem"):
        return RiskItem.objects.none()
    qs = RiskItem.objects.all()
    if not is_town_wide(user):
        own = Q(follower_id=user.pk) | Q(created_by_id=user.pk)
        community_id = _community_id(user)
        if community_id:
            own |= Q(community_id=community_id)
        qs = qs.filter(own)
    return qs.exclude(accused_risk_q(user))


def meetings_visible_to(user: AbstractBaseUser) -> QuerySet[Meeting]:
    if not user.is_authenticated or not user.has_perm("prevention.view_meeting"):
        return Meeting.objects.none()
    if is_town_wide(user):
        return Meeting.objects.all()
    attending = Meeting.attendees.through.objects.filter(user_id=user.pk).values("meeting_id")
    # The owner of one of its actions reads the meeting that decided it.
    owning = MeetingAction.objects.filter(owner_id=user.pk, meeting__isnull=False).values("meeting_id")
    own = Q(convenor_id=user.pk) | Q(pk__in=attending) | Q(pk__in=owning)
    community_id = _community_id(user)
    if community_id:
        own |= Q(community_id=community_id)
    return Meeting.objects.filter(own)


def may_see_personal_data(user: AbstractBaseUser) -> bool:
    return user.is_authenticated and user.has_perm("prevention.view_personal_data")


def shown_phone(user: AbstractBaseUser, phone: str, *, in_list: bool = True) -> str:
    """Lists always mask; a record's own page shows the number to staff allowed to see personal data."""
    if not phone:
        return ""
    if in_list or not may_see_personal_data(user):
        return mask_phone(phone)
    return phone


def councils_visible_to(user: AbstractBaseUser) -> QuerySet[Council]:
    if not user.is_authenticated or not user.has_perm("prevention.view_council"):
        return Council.objects.none()
    if is_town_wide(user):
        return Council.objects.all()
    own = Q(created_by_id=user.pk)
    community_id = _community_id(user)
    if community_id:
        own |= Q(community_id=community_id)
    return Council.objects.filter(own)
