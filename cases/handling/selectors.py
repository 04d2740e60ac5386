"""Handling reads: the triage inbox, the officer's queue, the case page and the petitioner's timeline."""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case as Switch  # not to be confused with cases.models.Case
from django.db.models import Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from ..models import (
    NOT_ACCEPTED_STATUSES,
    Case,
    CaseAssignment,
    CaseEvent,
    CasePetitioner,
    CaseReview,
    ExtensionStatus,
    NotAcceptedReason,
    Outcome,
    Satisfaction,
    Status,
)
from ..selectors import cases_visible_to
from . import clock, rules

_LIST_JOINS = ["subject", "community", "tier", "lead_department", "platform"]


def _first_petitioners() -> Prefetch:
    return Prefetch(
        "case_petitioners",
        queryset=CasePetitioner.objects.select_related("petitioner").order_by("position"),
    )


def inbox_cases(user: AbstractBaseUser) -> QuerySet[Case]:
    """Registered cases waiting for the petition office's decision, oldest first (the transfer clock runs)."""
    return (
        cases_visible_to(user)
        .filter(status=Status.REGISTERED)
        .select_related(*_LIST_JOINS, "subject__default_department")
        .prefetch_related(_first_petitioners())
        .order_by("received_at", "pk")
    )


def queue_cases(user: AbstractBaseUser) -> QuerySet[Case]:
    """Every case this person may see, with what a queue row shows; the queue's filters narrow it."""
    return cases_visible_to(user).select_related(*_LIST_JOINS).prefetch_related(_first_petitioners())


def overdue_q(day: date) -> Q:
    return Q(due_on__lt=day)


def due_soon_q(day: date) -> Q:
    return Q(due_on__gte=day, due_on__lte=clock.soon_until(day))


def with_due_state(qs: QuerySet[Case], day: date) -> QuerySet[Case]:
    """Adds due_state ("overdue", "soon" or "") computed by the database, for the list badges."""
    return qs.annotate(
        due_state=Switch(
            When(overdue_q(day), then=Value("overdue")),
            When(due_soon_q(day), then=Value("soon")),
            default=Value(""),
        )
    )


def case_for_page(user: AbstractBaseUser, pk: int) -> Case:
    """The case with everything its page shows, or 404 when this person may not see it."""
    events = CaseEvent.objects.select_related("actor", "actor__staff", "department", "old_tier", "new_tier")
    qs = (
        cases_visible_to(user)
        .select_related(
            "subject",
            "community",
            "zone",
            "grid",
            "grid__parent",
            "tier",
            "lead_department",
            "platform",
            "received_by",
            "accused_department",
            "accused_user",
            "reply_department",
            "resolved_tier",
            "repeat_of",
        )
        .prefetch_related(
            _first_petitioners(),
            "attachments",
            "assisting_departments",
            Prefetch("assignments", queryset=CaseAssignment.objects.select_related("user", "user__staff")),
            Prefetch("events", queryset=events.order_by("at", "pk")),
            Prefetch("reviews", queryset=CaseReview.objects.order_by("level")),
        )
    )
    try:
        return qs.get(pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None


def case_document(user: AbstractBaseUser, pk: int) -> Case:
    """The case for its printable written reply: only once replied, and only for those who may see it."""
    qs = cases_visible_to(user).filter(replied_at__isnull=False)
    try:
        return (
            qs.select_related("reply_department", "lead_department", "tier", "community", "platform")
            .prefetch_related(_first_petitioners(), Prefetch("reviews", queryset=CaseReview.objects.order_by("level")))
            .get(pk=pk)
        )
    except Case.DoesNotExist:
        raise Http404 from None


def extension_waiting_q() -> Q:
    return Q(status=Status.IN_PROGRESS, extension_status=ExtensionStatus.REQUESTED)


# --- The petitioner's timeline ------------------------------------------------------------------


@dataclass(frozen=True)
class PublicEvent:
    """One line of the tracking page: a sentence, who (a unit, never a person) and the text meant for the petitioner."""

    at: datetime
    title: str
    unit: str
    text: str


def _unit_name(event: CaseEvent) -> str:
    """The unit that acted: its department, else the place of a grid or community worker, else the intake point."""
    if event.department_id:
        return event.department.display_name
    if event.kind == CaseEvent.Kind.REGISTERED:
        return event.case.platform.display_name
    profile = getattr(event.actor, "staff", None) if event.actor_id else None
    if profile is not None and profile.community_id:
        return profile.community.display_name
    return ""


def _label(choices, code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return ""


def _public_title(event: CaseEvent) -> str:
    kind, old, new = event.kind, event.old_status, event.new_status
    if kind == CaseEvent.Kind.REGISTERED:
        return _("Your matter was registered.")
    if kind == CaseEvent.Kind.ROUTED:
        return _("Your matter was accepted and passed on for handling.")
    if kind == CaseEvent.Kind.NOTE:
        return _("Progress")
    if kind == CaseEvent.Kind.EXTENSION_GRANTED:
        return _("The time to reply was extended by %(days)s days.") % {"days": event.detail}
    if kind == CaseEvent.Kind.RATED:
        return _("You rated the answer: %(rating)s.") % {"rating": _label(Satisfaction, event.detail)}
    if new == Status.IN_PROGRESS:
        return _("Your matter was accepted for handling.")
    if new in (Status.NOT_ACCEPTED, Status.NOT_ACCEPTED_AGAIN):
        return _("Your matter was not accepted: %(reason)s.") % {"reason": _label(NotAcceptedReason, event.detail)}
    if new == Status.REPLIED and old == Status.IN_PROGRESS:
        return _("You were given a written reply: %(outcome)s.") % {"outcome": _label(Outcome, event.detail)}
    if new == Status.UNDER_REVIEW:
        return _("You asked for a review.")
    if new == Status.UNDER_REREVIEW:
        return _("You asked for a re-review.")
    if new == Status.REPLIED and old == Status.UNDER_REVIEW:
        return _("The review was decided: %(decision)s.") % {"decision": _label(CaseReview.Decision, event.detail)}
    if new == Status.CLOSED and old == Status.UNDER_REREVIEW:
        return _("The re-review was decided: %(decision)s. This answer is final.") % {
            "decision": _label(CaseReview.Decision, event.detail)
        }
    if new == Status.CLOSED:
        return _("Your matter was closed.")
    return ""


def case_public_timeline(case: Case) -> list[PublicEvent]:
    """What the petitioner may read: public events only, oldest first, a unit's name and never a person's.

    Internal notes, objections, tier moves and extension requests are not public events, so they never
    appear here. One query.
    """
    events = (
        CaseEvent.objects.filter(case=case, is_public=True)
        .select_related("department", "case__platform", "actor__staff__community")
        .order_by("at", "pk")
    )
    timeline = []
    for event in events:
        title = _public_title(event)
        if title:
            timeline.append(PublicEvent(at=event.at, title=title, unit=_unit_name(event), text=event.note))
    return timeline


def is_registered_only(case: Case) -> bool:
    return case.status in NOT_ACCEPTED_STATUSES


@dataclass(frozen=True)
class PetitionerOptions:
    """What the tracking page may offer the petitioner now, and why not when it may not."""

    may_request_review: bool
    review_level: int  # what a request now would be: 1 review (复查), 2 re-review (复核)
    review_window_ends: date | None
    review_refusal: str
    may_rate: bool
    rate_refusal: str


def petitioner_options(case: Case, today: date | None = None) -> PetitionerOptions:
    """The same rules the services apply (cases.handling.rules), asked before showing a button."""
    day = today or clock.today()
    level = case.review_level + 1
    ends = clock.request_window_ends(case.answered_at, level) if case.answered_at and level <= 2 else None
    review_refusal = rules.blocker(case, rules.REQUEST_REVIEW, day) or ""
    rate_refusal = rules.blocker(case, rules.RATE, day) or ""
    return PetitionerOptions(
        may_request_review=not review_refusal,
        review_level=min(level, 2),
        review_window_ends=ends,
        review_refusal=review_refusal,
        may_rate=not rate_refusal,
        rate_refusal=rate_refusal,
    )
