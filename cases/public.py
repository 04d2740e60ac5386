"""What a petitioner may read about their own case, in plain language. Never staff names or internal notes."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from .models import Case, CaseEvent, Status


@dataclass(frozen=True)
class PublicEvent:
    at: datetime
    text: str
    note: str


def _status_sentence(status: str, department: str) -> str:
    sentences = {
        Status.REGISTERED: _("We received your matter. The petition office is deciding whether to accept it."),
        Status.ASSIGNED: _("Your matter was accepted and passed to %(department)s.")
        if department
        else _("Your matter was accepted and passed on for handling."),
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


def public_timeline(case: Case) -> list[PublicEvent]:
    """The public events of a case, oldest first, each in a sentence a resident understands."""
    department = case.lead_department.display_name if case.lead_department_id else ""
    events = []
    for event in case.events.filter(is_public=True).order_by("at", "pk"):
        if event.kind == CaseEvent.Kind.REGISTERED:
            text = _("We received your matter.")
        elif event.kind == CaseEvent.Kind.STATUS:
            text = _status_sentence(event.new_status, department)
        elif event.kind == CaseEvent.Kind.NOTE:
            text = _("Progress")
        else:
            continue
        events.append(PublicEvent(at=event.at, text=text, note=event.note))
    return events
