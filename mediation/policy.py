"""Who sees which mediations, and who may act on them.

A mediator or community staff member of one community sees that community's committee's mediations only;
the town's committee (a mediator on it), the petition office, the town's leaders and the administrator see
the town's. Everyone needs the app's view permission (mediation.permissions gives it to the roles).
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from grids.models import Role

from .models import Committee, Mediation

TOWN_ROLES = frozenset({Role.PETITION_OFFICE, Role.TOWN_LEADER, Role.ADMINISTRATOR})


def _profile(user):
    return getattr(user, "staff", None) if user is not None and user.is_authenticated else None


def sees_whole_town(user: AbstractBaseUser) -> bool:
    if user.is_superuser:
        return True
    profile = _profile(user)
    if profile is not None and profile.role in TOWN_ROLES:
        return True
    # Asked several times per page: read once per request (the user object lives as long as the request).
    if not hasattr(user, "_mediation_town_committee"):
        user._mediation_town_committee = user.mediator_records.filter(
            committee__level=Committee.Level.TOWN, is_active=True
        ).exists()
    return user._mediation_town_committee


def committee_scope(user: AbstractBaseUser) -> Q | None:
    """A filter on committees this person sees: Q() for the whole town, None for nothing at all."""
    if user is None or not user.is_authenticated or not user.has_perm("mediation.view_mediation"):
        return None
    if sees_whole_town(user):
        return Q()
    profile = _profile(user)
    if profile is None or profile.community_id is None:
        return None
    return Q(community_id=profile.community_id)


def mediations_visible_to(user: AbstractBaseUser) -> QuerySet:
    scope = committee_scope(user)
    if scope is None:
        return Mediation.objects.none()
    if scope == Q():
        return Mediation.objects.all()
    return Mediation.objects.filter(committee__in=Committee.objects.filter(scope))


def committees_visible_to(user: AbstractBaseUser) -> QuerySet:
    scope = committee_scope(user)
    return Committee.objects.none() if scope is None else Committee.objects.filter(scope)


def may_conduct(user: AbstractBaseUser, mediation: Mediation) -> bool:
    """Records the mediation's steps: a conducting role that sees the mediation's committee."""
    if not user.has_perm("mediation.conduct_mediation"):
        return False
    scope = committee_scope(user)
    if scope is None:
        return False
    if scope == Q():
        return True
    profile = _profile(user)
    return mediation.committee.community_id == profile.community_id
