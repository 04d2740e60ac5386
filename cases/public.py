"""The status of a case in one sentence a petitioner understands. Never staff names or internal notes."""

from django.utils.translation import gettext as _

from .models import Case, Status


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
