"""Reads of the prevention pages: scoped querysets with their joins, a fixed number of queries per page."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, QuerySet

from cases.models import Case
from cases.policy import cases_visible_to

from .models import Meeting, RiskItem, RiskLevel, RosterPerson, Visit
from .scope import meetings_visible_to, risks_visible_to, visits_visible_to


def visit_list(user: AbstractBaseUser) -> QuerySet[Visit]:
    return visits_visible_to(user).select_related("community", "grid", "case").order_by("-visited_on", "-pk")


def risk_list(user: AbstractBaseUser, *, level: str = "", status: str = "") -> QuerySet[RiskItem]:
    qs = risks_visible_to(user).select_related("community", "grid", "follower")
    if level in RiskLevel.values:
        qs = qs.filter(level=level)
    if status in RiskItem.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def meeting_list(user: AbstractBaseUser) -> QuerySet[Meeting]:
    return meetings_visible_to(user).select_related("kind", "community", "convenor").order_by("-starts_at", "-pk")


def meeting_detail(user: AbstractBaseUser, pk: int) -> Meeting | None:
    return (
        meeting_list(user)
        .prefetch_related(
            "attendees",
            Prefetch("team", queryset=RosterPerson.objects.select_related("role")),
            "agenda__case",
            "agenda__risk",
            "actions__owner",
        )
        .filter(pk=pk)
        .first()
    )


def roster_list() -> QuerySet[RosterPerson]:
    return RosterPerson.objects.filter(is_active=True).select_related("role", "community").order_by("name", "pk")


def visible_case(user: AbstractBaseUser, tracking_code: str) -> Case | None:
    code = (tracking_code or "").strip().upper()
    if not code:
        return None
    return cases_visible_to(user).filter(tracking_code=code).first()


def agenda_visibility(user: AbstractBaseUser, meeting: Meeting) -> dict[str, set[int]]:
    """Which of the agenda's cases and screening items this reader may open: a report of misconduct on the
    agenda never shows its tracking code to the person or department it accuses (two queries)."""
    items = list(meeting.agenda.all())
    case_ids = [a.case_id for a in items if a.case_id]
    risk_ids = [a.risk_id for a in items if a.risk_id]
    return {
        "visible_cases": set(cases_visible_to(user).filter(pk__in=case_ids).values_list("pk", flat=True)),
        "visible_risks": set(risks_visible_to(user).filter(pk__in=risk_ids).values_list("pk", flat=True)),
    }
