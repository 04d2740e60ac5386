"""Whose dashboard: the whole town or one department, the cases it starts from, and the names it shows."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from cases.models import Case, Category, Channel, Subject
from cases.policy import accused_q, cases_visible_to
from grids.models import Community, Department, GridTier, Platform, Role, Zone
from grids.roles import TOWN_WIDE_ROLES

from . import triggers
from .forms import Params


@dataclass(frozen=True)
class Refs:
    """The town's structure, loaded once per page (small tables): labels and the filters' choices."""

    zones: list
    communities: list
    departments: list
    subjects: list
    platforms: list
    tiers: list

    def names(self, kind: str) -> dict[str, str]:
        if kind == "channel":
            return {str(v): str(label) for v, label in Channel.choices}
        if kind == "category":
            return {str(v): str(label) for v, label in Category.choices}
        source = {
            "zone": self.zones,
            "community": self.communities,
            "department": self.departments,
            "subject": self.subjects,
            "platform": self.platforms,
            "resolved_tier": self.tiers,
        }[kind]
        return {str(obj.pk): str(obj) for obj in source}


def refs_load() -> Refs:
    return Refs(
        zones=list(Zone.objects.order_by("sort_order", "code")),
        communities=list(Community.objects.select_related("zone").order_by("zone__sort_order", "code")),
        departments=list(Department.objects.order_by("sort_order", "code")),
        subjects=list(Subject.objects.order_by("sort_order", "code")),
        platforms=list(Platform.objects.order_by("kind", "code")),
        tiers=list(GridTier.objects.order_by("level")),
    )


@dataclass(frozen=True)
class Scope:
    """Whose dashboard: the whole town, or one department."""

    user: AbstractBaseUser
    town_wide: bool
    department: Department | None = None


def scope_for(user: AbstractBaseUser) -> Scope | None:
    """None when this person may not see the dashboard at all."""
    if not user.is_authenticated or not user.has_perm("cases.view_dashboard"):
        return None
    profile = getattr(user, "staff", None)
    if profile is None:
        return Scope(user, town_wide=user.is_superuser)
    if profile.role == Role.DEPARTMENT_HEAD and profile.department_id:
        return Scope(user, town_wide=False, department=profile.department)
    return Scope(user, town_wide=profile.role in TOWN_WIDE_ROLES)


def _narrow(qs: QuerySet, filters: dict[str, str]) -> QuerySet:
    columns = {
        "zone": "zone_id",
        "community": "community_id",
        "department": "lead_department_id",
        "channel": "channel",
        "category": "category",
        "subject": "subject_id",
    }
    return qs.filter(**{columns[name]: value for name, value in filters.items() if value})


def base_cases(scope: Scope, params: Params) -> QuerySet:
    """The viewer's cases under the filters, any date."""
    if scope.department is not None:
        # A head's dashboard is the cases their department leads: within those, cases_visible_to comes down
        # to hiding the reports accusing them or their department (a test keeps the two in step). Said this
        # way, the planner reads a date range without testing cases_visible_to's subqueries on every row.
        visible = Case.objects.filter(lead_department_id=scope.department.pk).exclude(accused_q(scope.user))
        return _narrow(visible, params.filters)
    return _narrow(cases_visible_to(scope.user), params.filters)


def uses_rollup(scope: Scope, params: Params) -> bool:
    """The rollup counts every case of the town: it serves a town-wide viewer who chose no filter."""
    return scope.town_wide and not params.filtered and triggers.supported()


def rollup_department(scope: Scope, params: Params) -> str | None:
    """Which of the rollup's rows serve this view's counts: "" the whole town's (a town-wide viewer, no
    filter), a department's id that lead department's (its head, or a town-wide viewer filtering by it
    alone), None none (counted from the cases). The viewer's hidden reports are taken away either way.
    """
    if not triggers.supported():
        return None
    chosen = {name for name, value in params.filters.items() if value}
    if not chosen:
        return "" if scope.town_wide else None
    if chosen != {"department"}:
        return None
    department = params.filters["department"]
    own = scope.department is not None and str(scope.department.pk) == department
    return department if scope.town_wide or own else None
