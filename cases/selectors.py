"""Reads of cases, with the joins already in them and the permission rules applied in the database."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from grids.models import Role

from .identity import hash_id_number
from .models import Case, CaseAssignment, Category

# Roles that see every case of the town (still never a misconduct report against themselves).
TOWN_WIDE_ROLES = {Role.PETITION_OFFICE, Role.TOWN_LEADER, Role.ADMINISTRATOR, Role.RECEPTION}


def _staff(user: AbstractBaseUser):
    return getattr(user, "staff", None)


def cases_visible_to(user: AbstractBaseUser) -> QuerySet[Case]:
    """The cases this person may see at all; every page, export and API starts here."""
    if not user.is_authenticated:
        return Case.objects.none()
    profile = _staff(user)
    if profile is None and not user.is_superuser:
        return Case.objects.none()
    qs = Case.objects.all()
    role = profile.role if profile else Role.ADMINISTRATOR
    if role not in TOWN_WIDE_ROLES:
        assigned = Exists(CaseAssignment.objects.filter(case=OuterRef("pk"), user=user))
        scope = Q(assigned)
        if profile.department_id:
            # A subquery, not a join: no duplicate rows, so no DISTINCT to fight ordering and aggregates.
            assisting = Exists(
                Case.assisting_departments.through.objects.filter(
                    case_id=OuterRef("pk"), department_id=profile.department_id
                )
            )
            scope |= Q(lead_department_id=profile.department_id) | Q(assisting)
        if role in (Role.GRID_WORKER,) and profile.grid_id:
            scope |= Q(grid_id=profile.grid_id) | Q(grid__parent_id=profile.grid_id)
        elif role in (Role.GRID_WORKER, Role.COMMUNITY_STAFF) and profile.community_id:
            scope |= Q(community_id=profile.community_id)
        qs = qs.filter(scope)
    # A report of misconduct never reaches the accused person or their department.
    accused = Q(accused_user_id=user.pk)
    if profile is not None and profile.department_id:
        accused |= Q(accused_department_id=profile.department_id)
    return qs.exclude(Q(category=Category.MISCONDUCT) & accused)


def case_is_visible_to(user: AbstractBaseUser, case: Case) -> bool:
    """cases_visible_to for one case in hand; town-wide roles need no query. Same rule, kept in step by tests."""
    if not user.is_authenticated:
        return False
    profile = _staff(user)
    if profile is None and not user.is_superuser:
        return False
    role = profile.role if profile else Role.ADMINISTRATOR
    if role not in TOWN_WIDE_ROLES:
        return cases_visible_to(user).filter(pk=case.pk).exists()
    if case.category != Category.MISCONDUCT:
        return True
    dept = profile.department_id if profile is not None else None
    return case.accused_user_id != user.pk and not (dept and case.accused_department_id == dept)


def earlier_cases_of_person(*, phone: str = "", id_number: str = "") -> QuerySet[Case]:
    """Cases of the same person (by ID number or phone), for repeat detection at the counter."""
    id_hash = hash_id_number(id_number)
    if not id_hash and not phone:
        return Case.objects.none()
    match = Q()
    if id_hash:
        match |= Q(case_petitioners__petitioner__id_number_hash=id_hash)
    if phone:
        match |= Q(case_petitioners__petitioner__phone=phone) | Q(contact_phone=phone)
    return (
        Case.objects.filter(match)
        .distinct()
        .select_related("subject", "lead_department", "community")
        .order_by("-received_at")
    )
