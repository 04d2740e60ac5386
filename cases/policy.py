"""Who may see a case, and the accused rule, written once: pages, queue, dashboard, exports, reminders
(their SQL included) and the API all ask here.

The accused rule: a report of misconduct never reaches the person it accuses or their department:
not on a page, in a list or a count, not in a reminder, and they are never put on it.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet

from grids.models import Department, Role, StaffProfile
from grids.roles import TOWN_WIDE_ROLES

from .models import Case, CaseAssignment, Category

# --- The accused rule ----------------------------------------------------------------------------


def _department_id(user: AbstractBaseUser) -> int | None:
    profile = getattr(user, "staff", None)
    return profile.department_id if profile is not None else None


def accuses(case: Case, *, user_id: int | None = None, department_id: int | None = None) -> bool:
    """Whether this case is a report of misconduct against the person or the department."""
    if case.category != Category.MISCONDUCT:
        return False
    if user_id is not None and case.accused_user_id == user_id:
        return True
    return department_id is not None and case.accused_department_id == department_id


def accuses_user(case: Case, user: AbstractBaseUser) -> bool:
    return accuses(case, user_id=user.pk, department_id=_department_id(user))


def accused_q(user: AbstractBaseUser) -> Q:
    """The reports of misconduct against this person or their department, as a filter."""
    accused = Q(accused_user_id=user.pk)
    department_id = _department_id(user)
    if department_id:
        accused |= Q(accused_department_id=department_id)
    return Q(category=Category.MISCONDUCT) & accused


def accused_sql(*, case: str, user_id: str, department_id: str) -> str:
    """The same rule as SQL, for set-based writers (the reminder sweep): true when the case accuses them.

    Never NULL: a report naming no person, read for someone of no department, would otherwise compare
    NULLs, and `NOT NULL` would drop every recipient without a department (the office, the leaders).
    """
    return (
        f"COALESCE(({case}.category = '{Category.MISCONDUCT}' AND ({user_id} = {case}.accused_user_id "
        f"OR ({case}.accused_department_id IS NOT NULL AND {department_id} = {case}.accused_department_id))), FALSE)"
    )


def without_accused_people(people: QuerySet, case: Case) -> QuerySet:
    """Staff who may be put on the case: never the accused person or anyone of the accused department."""
    if case.category != Category.MISCONDUCT:
        return people
    if case.accused_user_id:
        people = people.exclude(pk=case.accused_user_id)
    if case.accused_department_id:
        people = people.exclude(staff__department_id=case.accused_department_id)
    return people


def without_accused_department(departments: QuerySet, case: Case) -> QuerySet:
    """Departments that may lead or assist: never the one a report accuses."""
    if case.category == Category.MISCONDUCT and case.accused_department_id:
        return departments.exclude(pk=case.accused_department_id)
    return departments


# --- Reports against the petition office ---------------------------------------------------------
# The petition office triages every case, but never one that accuses it: the town's leaders triage
# those, on the same clock (cases.rules, the inbox, the reminder sweep all ask here).

# Whoever works for the petition office, whatever department their profile names.
PETITION_OFFICE_ROLES = (Role.PETITION_OFFICE, Role.RECEPTION)


def against_petition_office_q() -> Q:
    """Reports of misconduct against the petition office or one of its staff, as a filter."""
    office = Department.PETITION_OFFICE
    return Q(category=Category.MISCONDUCT) & (
        Q(accused_department__code=office)
        | Q(accused_user__staff__department__code=office)
        | Q(accused_user__staff__role__in=PETITION_OFFICE_ROLES)
    )


def against_petition_office(case: Case) -> bool:
    """against_petition_office_q for one case in hand (a query or two, for a misconduct report only)."""
    if case.category != Category.MISCONDUCT:
        return False
    if case.accused_department_id and case.accused_department.code == Department.PETITION_OFFICE:
        return True
    if case.accused_user_id:
        profile = getattr(case.accused_user, "staff", None)
        if profile is not None and (
            profile.role in PETITION_OFFICE_ROLES
            or (profile.department_id and profile.department.code == Department.PETITION_OFFICE)
        ):
            return True
    return False


def against_petition_office_sql(*, case: str) -> str:
    """The same rule as SQL, for set-based writers (the reminder sweep): true when the case accuses the office."""
    department_t, staff_t = Department._meta.db_table, StaffProfile._meta.db_table
    office = Department.PETITION_OFFICE
    roles = ", ".join(f"'{role}'" for role in PETITION_OFFICE_ROLES)
    # Constants of the code only (table names, codes, roles): no value from a request reaches this text.
    return (
        f"({case}.category = '{Category.MISCONDUCT}' AND ("  # noqa: S608
        f"{case}.accused_department_id IN (SELECT pod.id FROM {department_t} pod WHERE pod.code = '{office}') "
        f"OR {case}.accused_user_id IN (SELECT pos.user_id FROM {staff_t} pos "
        f"LEFT JOIN {department_t} pod ON pod.id = pos.department_id "
        f"WHERE pod.code = '{office}' OR pos.role IN ({roles}))))"
    )


# --- Who sees which case ---------------------------------------------------------------------------


def _role(user: AbstractBaseUser) -> str | None:
    """The person's role; a superuser without a profile is an administrator; None for anyone else."""
    if not user.is_authenticated:
        return None
    profile = getattr(user, "staff", None)
    if profile is not None:
        return profile.role
    return Role.ADMINISTRATOR if user.is_superuser else None


def visibility_branches(user: AbstractBaseUser) -> list[Q] | None:
    """The ways a case reaches this person, each a filter an index can serve on its own; None: the whole town.

    The rule is their OR (cases_visible_to), less the reports that accuse the person. Kept apart so a page
    that lists in order (the queue) can walk each branch's index for a few rows and merge, instead of
    testing the OR on every case of the town.
    """
    role = _role(user)
    if role is None:
        return []
    if role in TOWN_WIDE_ROLES:
        return None
    profile = user.staff
    branches = [Q(pk__in=CaseAssignment.objects.filter(user=user).values("case_id"))]
    if profile.department_id:
        assisting = Case.assisting_departments.through.objects.filter(department_id=profile.department_id)
        branches += [Q(lead_department_id=profile.department_id), Q(pk__in=assisting.values("case_id"))]
    if role == Role.GRID_WORKER and profile.grid_id:
        branches += [Q(grid_id=profile.grid_id), Q(grid__parent_id=profile.grid_id)]
    elif role in (Role.GRID_WORKER, Role.COMMUNITY_STAFF) and profile.community_id:
        branches.append(Q(community_id=profile.community_id))
    return branches


def cases_visible_to(user: AbstractBaseUser) -> QuerySet[Case]:
    """The cases this person may see at all; every page, export and API starts here."""
    branches = visibility_branches(user)
    if branches == []:
        return Case.objects.none()
    qs = Case.objects.all()
    if branches is not None:
        scope = Q()
        for branch in branches:
            scope |= branch
        # Subqueries, not joins: no duplicate rows, so no DISTINCT to fight ordering and aggregates.
        qs = qs.filter(scope)
    return qs.exclude(accused_q(user))


def sees_whole_town(user: AbstractBaseUser) -> bool:
    """Whether this person sees every case of the town: a town-wide role that no report accuses (one
    indexed query). Such people see the same lists, so what is counted for one holds for all of them."""
    if _role(user) not in TOWN_WIDE_ROLES:
        return False
    return not Case.objects.filter(accused_q(user)).exists()


def case_is_visible_to(user: AbstractBaseUser, case: Case) -> bool:
    """cases_visible_to for one case in hand; town-wide roles need no query. Same rule, kept in step by tests."""
    role = _role(user)
    if role is None:
        return False
    if role not in TOWN_WIDE_ROLES:
        return cases_visible_to(user).filter(pk=case.pk).exists()
    return not accuses_user(case, user)


def receipts_visible_to(user: AbstractBaseUser) -> QuerySet[Case]:
    """The cases whose receipt this person may print: those they may see, and those they registered.

    A clerk of the accused office who takes a report against it typed it in and hands the receipt over;
    the receipt shows only what they typed. The person the report accuses never gets it.
    """
    if _role(user) is None:
        return Case.objects.none()
    registered = Case.objects.filter(received_by_id=user.pk).exclude(accused_user_id=user.pk)
    return cases_visible_to(user) | registered
