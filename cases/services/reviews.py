"""The petitioner's side of an answer: review (复查) and re-review (复核) requests, their decisions, ratings."""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import actions, clock
from ..models import Case, CaseEvent, CaseReview, Satisfaction, Status
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
    """The level above answers the review in writing. A re-review's answer is final: the case closes for good."""
    at = at or timezone.now()
    guard(case=case, by=by, action=actions.DECIDE_REVIEW, expected_version=expected_version, at=at)
    if decision not in CaseReview.Decision.values:
        raise ValidationError({"decision": _("Choose the decision.")})
    opinion = required(opinion, "opinion", _("Write the opinion."))
    final = case.review_level >= CaseReview.Level.REREVIEW
    changes = {"answered_at": at, "due_on": None}
    if final:
        changes["closed_at"] = at
    with transaction.atomic():
        write(
            case=case,
            by=by,
            action=actions.DECIDE_REVIEW,
            at=at,
            to_status=Status.CLOSED if final else Status.REPLIED,
            changes=changes,
            note=opinion,
            detail=decision,
            is_public=True,
        )
        decided = CaseReview.objects.filter(case=case, level=case.review_level, decided_at__isnull=True).update(
            decided_at=at, decided_by=by, decision=decision, opinion=opinion
        )
        if decided != 1:
            raise CaseConflict(fresh(case))
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
