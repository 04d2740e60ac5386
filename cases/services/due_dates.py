"""Recount every stored due date after the work calendar changed, and say so on each case it moved.

A due date is stored when its step starts (registration, routing, signing for, an extension, a review request);
the queues, the reminder sweep and the dashboard read it as stored. When the town enters or corrects a holiday,
a make-up working day or a year's notice, this service counts each date again from the event that started it,
as the clock counts it now, and writes the dates that moved with a timeline event (writes.write_recount).

Which cases: a date that ends before the first changed day was counted on days the change did not touch (a
limit reads the days from its start to its end, and no further), so only dates on or after that day are
counted again. `first_day=None` counts every case (after an upgrade that changed the arithmetic).
"""

import logging
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import translation
from django.utils.translation import gettext as _

from workcalendar.source import town_calendar

from .. import clock
from ..models import Case, CaseReview, ExtensionStatus, Status
from .writes import write_recount

log = logging.getLogger(__name__)

# The dates stored on the case, in the order the steps come.
CASE_DATES = ("transfer_due_on", "acceptance_due_on", "objection_due_on", "reply_due_on")
# Which stored date the case's "next due" is while it waits in each status.
NEXT_DUE_BY_STATUS = {
    Status.REGISTERED: "transfer_due_on",
    Status.ASSIGNED: "acceptance_due_on",
    Status.IN_PROGRESS: "reply_due_on",
}
REVIEW_STATUSES = {Status.UNDER_REVIEW: CaseReview.Level.REVIEW, Status.UNDER_REREVIEW: CaseReview.Level.REREVIEW}
BATCH = 500
RETRIES = 3


@dataclass
class RecountResult:
    checked: int = 0
    moved: list[int] = field(default_factory=list)  # case ids
    reviews_moved: int = 0
    conflicts: list[int] = field(default_factory=list)  # cases changed meanwhile every time we tried


def case_dates_now(case: Case) -> dict[str, date]:
    """The case's stored dates as the clock counts them today; only the dates the case has."""
    counted = {}
    if case.transfer_due_on is not None:
        counted["transfer_due_on"] = clock.transfer_due(case.received_at)
    if case.routed_at is not None:
        if case.acceptance_due_on is not None:
            counted["acceptance_due_on"] = clock.acceptance_due(case.routed_at)
        if case.objection_due_on is not None:
            counted["objection_due_on"] = clock.objection_due(case.routed_at)
    if case.accepted_at is not None and case.reply_due_on is not None:
        extension = case.extension_days if case.extension_status == ExtensionStatus.GRANTED else 0
        counted["reply_due_on"] = clock.reply_due(case.accepted_at, extension)
    return counted


def _candidates(first_day: date | None):
    cases = Case.objects.order_by("pk")
    if first_day is None:
        return cases
    later = Q()
    for name in CASE_DATES:
        later |= Q(**{f"{name}__gte": first_day})
    review_later = CaseReview.objects.filter(case=OuterRef("pk"), due_on__gte=first_day)
    return cases.filter(later | Exists(review_later))


def _line(label: str, old: date | None, new: date | None) -> str:
    return f"{label}: {old:%Y-%m-%d} → {new:%Y-%m-%d}"


def _planned(case: Case) -> tuple[dict, list]:
    """What moves: the case's dates that differ now, and its reviews' decision dates that do."""
    counted = case_dates_now(case)
    changes = {name: value for name, value in counted.items() if getattr(case, name) != value}
    moved_reviews = []
    for review in case.reviews.all():
        due = clock.review_decision_due(review.requested_at, review.level, review.hearing_days)
        if due != review.due_on:
            moved_reviews.append((review, due))
    return changes, moved_reviews


def _recount_one(case: Case, result: RecountResult) -> bool:
    """Count one case again; True when it is settled (moved or unchanged), False when it changed meanwhile."""
    changes, moved_reviews = _planned(case)
    if not changes and not moved_reviews:
        return True
    # The next due date follows the date it was, for the step the case waits on.
    waiting_on = NEXT_DUE_BY_STATUS.get(case.status)
    if waiting_on in changes and case.due_on == getattr(case, waiting_on):
        changes["due_on"] = changes[waiting_on]
    level = REVIEW_STATUSES.get(case.status)
    for review, due in moved_reviews:
        if level == review.level and review.decided_at is None and case.due_on == review.due_on:
            changes["due_on"] = due
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _line(str(Case._meta.get_field(name).verbose_name), getattr(case, name), value)
            for name, value in changes.items()
            if name != "due_on"
        ]
        lines += [_line(str(review.get_level_display()), review.due_on, due) for review, due in moved_reviews]
        note = _("The work calendar changed; the due dates were counted again: %(changes)s") % {
            "changes": "; ".join(lines)
        }
    with transaction.atomic():
        if not write_recount(case=case, changes=changes, note=note):
            return False
        for review, due in moved_reviews:
            CaseReview.objects.filter(pk=review.pk).update(due_on=due)
    result.moved.append(case.pk)
    result.reviews_moved += len(moved_reviews)
    return True


def due_dates_recount(*, first_day: date | None = None, dry_run: bool = False) -> RecountResult:
    """Count again every stored due date from `first_day` on (all when None); write and note the ones that moved."""
    result = RecountResult()
    # Read the calendar as it is now, whatever this process had in memory.
    town_calendar.forget()
    last_pk = 0
    candidates = _candidates(first_day)
    while True:
        batch = list(candidates.filter(pk__gt=last_pk).prefetch_related("reviews")[:BATCH])
        if not batch:
            break
        last_pk = batch[-1].pk
        for case in batch:
            result.checked += 1
            if dry_run:
                if any(_planned(case)):
                    result.moved.append(case.pk)
                continue
            for _attempt in range(RETRIES):
                if _recount_one(case, result):
                    break
                case = Case.objects.prefetch_related("reviews").get(pk=case.pk)
            else:
                result.conflicts.append(case.pk)
    log.info(
        "Due dates recounted from %s: %d cases checked, %d moved, %d reviews moved, %d left for the next run",
        first_day or "the start",
        result.checked,
        len(result.moved),
        result.reviews_moved,
        len(result.conflicts),
    )
    return result
