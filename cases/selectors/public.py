"""The case as its petitioner sees it on the tracking page: the status in one sentence, the public timeline
(a unit's name, never a person's; never internal notes) and what they may do now."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from .. import actions, clock
from ..linked import linked_step
from ..models import Case, CaseEvent, CaseReview, NotAcceptedReason, Outcome, Satisfaction, Status


def _status_sentence(status: str, department: str) -> str:
    sentences = {
        Status.REGISTERED: _("We received your matter. The petition office is deciding whether to accept it."),
        # "Accepted" only once the handling body signs for it and sends the acceptance notice (条例 art. 23).
        Status.ASSIGNED: _("Your matter was passed to %(department)s, which will tell you whether it accepts it.")
        if department
        else _("Your matter was passed on to the body that handles it, which will tell you whether it accepts it."),
        Status.IN_PROGRESS: _("%(department)s is handling your matter.")
        if department
        else _("Your matter is being handled."),
        Status.REPLIED: _("You have been given a reply."),
        Status.UNDER_REVIEW: _("Your request for a review is being considered."),
        Status.UNDER_REREVIEW: _("Your request for a re-review is being considered."),
        Status.CLOSED: _("Your matter is closed."),
        Status.NOT_ACCEPTED: _("Your matter was not accepted."),
        Status.NOT_ACCEPTED_AGAIN: _("Your matter was not accepted again: it has already been through re-review."),
    }
    return sentences.get(status, "") % {"department": department}


def public_status_text(case: Case) -> str:
    department = case.lead_department.display_name if case.lead_department_id else ""
    return _status_sentence(case.status, department)


@dataclass(frozen=True)
class PublicEvent:
    """One line of the tracking page: a sentence, who (a unit, never a person) and the text meant for the petitioner."""

    at: datetime
    title: str
    unit: str
    text: str
    # The event whose text is the written answer printed in full above the timeline: pointed to, not repeated.
    is_the_answer: bool = False


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
        return _("Your matter was passed on to the body that handles it.")
    if kind == CaseEvent.Kind.HEARING_PAUSED:
        return _("A hearing is being held: its time does not count towards the re-review's limit.")
    if kind == CaseEvent.Kind.HEARING_RESUMED:
        return _("The hearing is over; the re-review continues.")
    if kind == CaseEvent.Kind.NOTE:
        return _("Progress")
    if kind == CaseEvent.Kind.LINKED:
        step = linked_step(event.detail)
        return str(step.public_title) if step and step.public_title else ""
    if kind == CaseEvent.Kind.EXTENSION_GRANTED:
        return _("The time to reply was extended by %(days)s days.") % {"days": event.detail}
    if kind == CaseEvent.Kind.RATED:
        return _("You rated the answer: %(rating)s.") % {"rating": _label(Satisfaction, event.detail)}
    if new == Status.IN_PROGRESS:
        return _("Your matter was accepted for handling.")
    if new in (Status.NOT_ACCEPTED, Status.NOT_ACCEPTED_AGAIN):
        return _("Your matter was not accepted: %(reason)s.") % {"reason": _label(NotAcceptedReason, event.detail)}
    if new == Status.REPLIED and old == Status.IN_PROGRESS and not event.detail:
        return _("You were given a written answer.")
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
        if not title:
            continue
        is_the_answer = bool(case.reply_text) and event.note.strip() == case.reply_text.strip()
        timeline.append(
            PublicEvent(
                at=event.at,
                title=title,
                unit=_unit_name(event),
                text="" if is_the_answer else event.note,
                is_the_answer=is_the_answer,
            )
        )
    return timeline


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
    """The same rules the services apply (cases.actions), asked before showing a button."""
    day = today or clock.today()
    level = case.review_level + 1
    # The window counts from the day the answer reached the petitioner; before a delivery is recorded
    # there is no end to tell (and a request is accepted, cases.rules.review_window_open).
    delivered = case.answer_delivered_on
    ends = clock.request_window_ends(delivered, level) if delivered and level <= 2 else None
    review_refusal = actions.REQUEST_REVIEW.blocker(case, day) or ""
    rate_refusal = actions.RATE.blocker(case, day) or ""
    return PetitionerOptions(
        may_request_review=not review_refusal,
        review_level=min(level, 2),
        review_window_ends=ends,
        review_refusal=review_refusal,
        may_rate=not rate_refusal,
        rate_refusal=rate_refusal,
    )


def public_case_view(case: Case) -> dict:
    """The case as its petitioner may see it: status, department, public events, what they may do now."""
    return {
        "case": case,
        "status_text": public_status_text(case),
        "department": case.lead_department.display_name if case.lead_department_id else "",
        "timeline": case_public_timeline(case),
        "options": petitioner_options(case),
    }
