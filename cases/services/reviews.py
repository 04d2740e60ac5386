"""The petitioner's side of an answer: review (复查) and re-review (复核) requests, their decisions, ratings."""

from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import day_start

from .. import actions, clock, rules
from ..models import AnswerDelivery, Case, CaseEvent, CaseReview, DeliveryMethod, Satisfaction, Status
from .notices import notify_review_requested
from .writes import CaseConflict, fresh, guard, required, write


def case_request_review(
    *,
    case: Case,
    by: AbstractBaseUser | None = None,
    reason: str,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """The petitioner asks for a review (复查), or after it a re-review (复核), within the window.

    `by` is the clerk who records it at the counter, or None when the petitioner asks online.
    The request goes to the level above with its own decision clock.
    """
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.REQUEST_REVIEW, expected_version=expected_version, at=at)
    reason = required(reason, "reason", _("Say what you disagree with in the answer."))
    level = case.review_level + 1
    due = clock.review_decision_due(at, level)
    to_status = Status.UNDER_REVIEW if level == CaseReview.Level.REVIEW else Status.UNDER_REREVIEW
    with transaction.atomic():
        requested = write(
            case=case,
            by=by,
            action=actions.REQUEST_REVIEW,
            at=at,
            to_status=to_status,
            changes={"review_level": level, "due_on": due, "closed_at": None},
            match={"review_level": case.review_level},
            note=reason,
            is_public=True,
        )
        CaseReview.objects.create(case=case, level=level, requested_at=at, requested_by=by, reason=reason, due_on=due)
        notify_review_requested(case=case, event=requested, by=by)
    return case


def case_decide_review(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    decision: str,
    opinion: str,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """The level above, inside the town, answers the review in writing (cases.rules.town_reviewer: never the
    body or the person whose answer is contested). A re-review's answer is final: the case closes for good."""
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.DECIDE_REVIEW, expected_version=expected_version, at=at)
    return _decided(case=case, by=by, action=actions.DECIDE_REVIEW, decision=decision, opinion=opinion, at=at)


def case_record_review_decision(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    body: str,
    received_on: date,
    decision: str,
    opinion: str,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Record a review decided outside the town (the district): the body, the day its opinion was received
    and the opinion. Nobody in the town decides it; the petition office records what arrived."""
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.RECORD_REVIEW_DECISION, expected_version=expected_version, at=at)
    body = required(body, "body", _("Name the body that decided it."))
    review = rules.pending_review(case)
    if received_on is None:
        raise ValidationError({"received_on": _("Give the day the decision was received.")})
    if review is not None and received_on < clock.local_day(review.requested_at):
        raise ValidationError({"received_on": _("The decision cannot arrive before the request was made.")})
    if received_on > clock.local_day(at):
        raise ValidationError({"received_on": _("The day received cannot be in the future.")})
    decided_at = day_start(received_on)
    return _decided(
        case=case,
        by=by,
        action=actions.RECORD_REVIEW_DECISION,
        decision=decision,
        opinion=opinion,
        at=at,
        decided_at=decided_at,
        outside=body,
    )


def _decided(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    action: actions.CaseAction,
    decision: str,
    opinion: str,
    at: datetime,
    decided_at: datetime | None = None,
    outside: str = "",
) -> Case:
    if decision not in CaseReview.Decision.values:
        raise ValidationError({"decision": _("Choose the decision.")})
    opinion = required(opinion, "opinion", _("Write the opinion."))
    decided_at = decided_at or at
    final = case.review_level >= CaseReview.Level.REREVIEW
    changes = {"answered_at": decided_at, "answer_delivered_on": None, "due_on": None}
    if final:
        changes["closed_at"] = decided_at
    with transaction.atomic():
        write(
            case=case,
            by=by,
            action=action,
            at=at,
            to_status=Status.CLOSED if final else Status.REPLIED,
            changes=changes,
            note=opinion,
            detail=decision,
            is_public=True,
        )
        decided = CaseReview.objects.filter(case=case, level=case.review_level, decided_at__isnull=True).update(
            decided_at=decided_at,
            decided_by=by,
            decision=decision,
            opinion=opinion,
            decided_outside_by=outside,
            hearing_since=None,
        )
        if decided != 1:
            raise CaseConflict(fresh(case))
        case._prefetched_objects_cache = {}
    return case


def case_record_delivery(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    method: str,
    delivered_on: date,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """Record how and when the newest written answer reached the petitioner (送达).

    The petitioner's 30 days to ask for the next step count from that day (条例 arts. 35, 36). An SMS link
    is dated the day it was sent. The day lies between the answer and today.
    """
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.RECORD_DELIVERY, expected_version=expected_version, at=at)
    if method not in DeliveryMethod.values:
        raise ValidationError({"method": _("Choose how the answer was delivered.")})
    if delivered_on is None:
        raise ValidationError({"delivered_on": _("Give the day it was delivered.")})
    if delivered_on < clock.local_day(case.answered_at):
        raise ValidationError({"delivered_on": _("An answer cannot be delivered before it was written.")})
    if delivered_on > clock.local_day(at):
        raise ValidationError({"delivered_on": _("The day of delivery cannot be in the future.")})
    level = case.review_level
    with transaction.atomic():
        write(
            case=case,
            by=by,
            action=actions.RECORD_DELIVERY,
            at=at,
            changes={"answer_delivered_on": delivered_on},
            match={"answer_delivered_on__isnull": True, "review_level": level},
            kind=CaseEvent.Kind.DELIVERED,
            note=delivered_on.isoformat(),
            detail=method,
        )
        AnswerDelivery.objects.create(
            case=case, level=level, method=method, delivered_on=delivered_on, recorded_by=by, recorded_at=at
        )
    return case


def rereview_due_with_hearings(requested_at: datetime, hearing_days: int) -> date:
    """The re-review's due date once hearings paused it: 30 days plus the paused days from the request,
    shifted once at its end like any limit (条例 art. 36: hearing time does not count)."""
    return clock.review_decision_due(requested_at, CaseReview.Level.REREVIEW, hearing_days)


def case_pause_for_hearing(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """A hearing (听证) begins in the re-review: its time stops counting until the re-review resumes."""
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.PAUSE_FOR_HEARING, expected_version=expected_version, at=at)
    review = rules.pending_review(case)
    with transaction.atomic():
        write(
            case=case,
            by=by,
            action=actions.PAUSE_FOR_HEARING,
            at=at,
            changes={"due_on": None},
            kind=CaseEvent.Kind.HEARING_PAUSED,
            note=note.strip(),
            is_public=True,
        )
        if CaseReview.objects.filter(pk=review.pk, hearing_since__isnull=True).update(hearing_since=at) != 1:
            raise CaseConflict(fresh(case))
        case._prefetched_objects_cache = {}
    return case


def case_resume_after_hearing(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """The hearing is over: the re-review's clock runs again, its due date later by the days paused."""
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.RESUME_AFTER_HEARING, expected_version=expected_version, at=at)
    review = rules.pending_review(case)
    paused = max(0, (clock.local_day(at) - clock.local_day(review.hearing_since)).days)
    total = review.hearing_days + paused
    due = rereview_due_with_hearings(review.requested_at, total)
    with transaction.atomic():
        write(
            case=case,
            by=by,
            action=actions.RESUME_AFTER_HEARING,
            at=at,
            changes={"due_on": due},
            kind=CaseEvent.Kind.HEARING_RESUMED,
            note=note.strip(),
            detail=str(paused),
            is_public=True,
        )
        updated = CaseReview.objects.filter(pk=review.pk, hearing_since=review.hearing_since).update(
            hearing_since=None, hearing_days=total, due_on=due
        )
        if updated != 1:
            raise CaseConflict(fresh(case))
        case._prefetched_objects_cache = {}
    return case


def case_rate(
    *,
    case: Case,
    rating: str,
    comment: str = "",
    by: AbstractBaseUser | None = None,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """The petitioner rates the newest answer (满意 / 基本满意 / 不满意); not satisfied flags it for the town office.

    `by` is the clerk recording a rating given on the phone or at the counter, None online.
    One rating per answer: after a review opinion the petitioner may rate again.
    """
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.RATE, expected_version=expected_version, at=at)
    if rating not in Satisfaction.values:
        raise ValidationError({"rating": _("Choose how satisfied you are.")})
    comment = (comment or "").strip()
    if len(comment) > 1000:
        raise ValidationError({"comment": _("Keep the comment under 1000 characters.")})
    with transaction.atomic():
        write(
            case=case,
            by=by,
            action=actions.RATE,
            at=at,
            changes={
                "satisfaction": rating,
                "satisfaction_comment": comment,
                "rated_at": at,
                "needs_attention": rating == Satisfaction.NOT_SATISFIED,
            },
            # Two submissions of one rating form: the second finds the rating already there.
            match={"rated_at": case.rated_at} if case.rated_at else {"rated_at__isnull": True},
            kind=CaseEvent.Kind.RATED,
            note=comment,
            detail=rating,
            is_public=True,
        )
    return case
