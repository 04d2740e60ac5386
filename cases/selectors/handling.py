"""Handling reads: the triage inbox, the officer's queue and the case page."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case as Switch  # not to be confused with cases.models.Case
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.http import Http404

from .. import clock
from ..models import (
    NOT_ACCEPTED_STATUSES,
    Case,
    CaseAssignment,
    CaseEvent,
    CasePetitioner,
    CaseReview,
    ExtensionStatus,
    Status,
)
from ..policy import against_petition_office_q, cases_visible_to

_LIST_JOINS = ["subject", "community", "tier", "lead_department", "platform"]


def first_petitioners() -> Prefetch:
    return Prefetch(
        "case_petitioners",
        queryset=CasePetitioner.objects.select_related("petitioner").order_by("position"),
    )


def inbox_cases(user: AbstractBaseUser) -> QuerySet[Case]:
    """Registered cases waiting for the petition office's decision, oldest first (the transfer clock runs).

    A town leader's inbox holds the reports against the petition office, which the leaders triage.
    """
    # An objection waiting for the office's check (核实同意) is in the inbox too.
    waiting = cases_visible_to(user).filter(
        Q(status=Status.REGISTERED) | Q(status=Status.ASSIGNED, objected_at__isnull=False)
    )
    if not user.has_perm("cases.triage_case"):
        waiting = waiting.filter(against_petition_office_q())
    return (
        waiting.select_related(*_LIST_JOINS, "subject__default_department", "platform__department")
        .prefetch_related(first_petitioners())
        .order_by("received_at", "pk")
    )


def queue_cases(user: AbstractBaseUser) -> QuerySet[Case]:
    """Every case this person may see, with what a queue row shows; the queue's filters narrow it."""
    return cases_visible_to(user).select_related(*_LIST_JOINS).prefetch_related(first_petitioners())


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


# The case's relations that most cases leave empty: a misconduct report's accused, a repeat's earlier
# cases. (The reply's department and the tier resolved at are set on every answered case: joined.)
RARELY_SET = ("accused_department", "accused_user", "repeat_of", "repeats_rereviewed")


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
            "reply_department",
            "resolved_tier",
        )
        .prefetch_related(
            # Set on few cases: fetched apart, which costs no query when empty (nothing to look up) and
            # keeps the main query's joins few, since PostgreSQL's planning time grows with every join.
            *RARELY_SET,
            first_petitioners(),
            "attachments",
            "deliveries",
            "assisting_departments",
            Prefetch("assignments", queryset=CaseAssignment.objects.select_related("user", "user__staff")),
            Prefetch("events", queryset=events.order_by("at", "pk")),
            Prefetch("reviews", queryset=CaseReview.objects.order_by("level")),
        )
        # Whether the earlier case of a repeat may be named here: the same rule as opening it, in the
        # same query, so a department accused in that earlier report learns nothing of it.
        .annotate(
            repeat_of_visible=Exists(cases_visible_to(user).filter(pk=OuterRef("repeat_of_id"))),
            repeats_rereviewed_visible=Exists(cases_visible_to(user).filter(pk=OuterRef("repeats_rereviewed_id"))),
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
            .prefetch_related(first_petitioners(), Prefetch("reviews", queryset=CaseReview.objects.order_by("level")))
            .get(pk=pk)
        )
    except Case.DoesNotExist:
        raise Http404 from None


NOTICE_STATUSES = [Status.IN_PROGRESS, *NOT_ACCEPTED_STATUSES]


def case_notice(user: AbstractBaseUser, pk: int) -> Case:
    """The case for its written notice: accepted (受理告知书) or not accepted (不予受理告知书), for those who
    may see it."""
    qs = cases_visible_to(user).filter(Q(accepted_at__isnull=False) | Q(status__in=NOT_ACCEPTED_STATUSES))
    try:
        return (
            qs.select_related("lead_department", "platform", "repeats_rereviewed")
            .prefetch_related(
                first_petitioners(),
                # The event that is the notice, newest first: signing for it, or not accepting it.
                Prefetch(
                    "events",
                    queryset=CaseEvent.objects.filter(new_status__in=NOTICE_STATUSES)
                    .select_related("department")
                    .order_by("-at", "-pk"),
                ),
            )
            .annotate(
                repeats_rereviewed_visible=Exists(cases_visible_to(user).filter(pk=OuterRef("repeats_rereviewed_id")))
            )
            .get(pk=pk)
        )
    except Case.DoesNotExist:
        raise Http404 from None


def extension_waiting_q() -> Q:
    return Q(status=Status.IN_PROGRESS, extension_status=ExtensionStatus.REQUESTED)


# --- The petitioner's timeline ------------------------------------------------------------------


def is_registered_only(case: Case) -> bool:
    return case.status in NOT_ACCEPTED_STATUSES
