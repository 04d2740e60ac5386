"""How a case's steps read to staff: the case page's timeline, the API's, and the conflict message that tells
someone their change was not saved because the case moved meanwhile. Written once so the two never drift."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .linked import linked_step
from .models import Case, CaseEvent, CaseReview, DeliveryMethod, NotAcceptedReason, Outcome, Satisfaction, Status

# What each status change was, in the words staff use: (from, to) -> title.
_STEP_TITLES = {
    # Acceptance (受理) is the handling body's signing for it; the office routes.
    (Status.REGISTERED, Status.ASSIGNED): gettext_lazy("Routed to the handling body"),
    (Status.REGISTERED, Status.NOT_ACCEPTED): gettext_lazy("Not accepted"),
    (Status.REGISTERED, Status.NOT_ACCEPTED_AGAIN): gettext_lazy("Not accepted again"),
    (Status.ASSIGNED, Status.IN_PROGRESS): gettext_lazy("Signed for: accepted, notice sent"),
    (Status.ASSIGNED, Status.REGISTERED): gettext_lazy("Objected: back to triage"),
    (Status.IN_PROGRESS, Status.REPLIED): gettext_lazy("Replied"),
    (Status.REPLIED, Status.CLOSED): gettext_lazy("Closed"),
    (Status.REPLIED, Status.UNDER_REVIEW): gettext_lazy("Review requested"),
    (Status.CLOSED, Status.UNDER_REVIEW): gettext_lazy("Review requested"),
    (Status.REPLIED, Status.UNDER_REREVIEW): gettext_lazy("Re-review requested"),
    (Status.CLOSED, Status.UNDER_REREVIEW): gettext_lazy("Re-review requested"),
    (Status.UNDER_REVIEW, Status.REPLIED): gettext_lazy("Review decided"),
    (Status.UNDER_REREVIEW, Status.CLOSED): gettext_lazy("Re-review decided (final)"),
}


def event_title(event: CaseEvent) -> str:
    """What the step was, in the words staff use, in the reader's language."""
    if event.kind == CaseEvent.Kind.LINKED:
        step = linked_step(event.detail)
        return str(step.title) if step else event.get_kind_display()
    if event.kind == CaseEvent.Kind.TIER and event.old_tier_id and event.new_tier_id:
        if event.new_tier.level > event.old_tier.level:
            return _("Escalated")
        return _("Handed down")
    return str(_STEP_TITLES.get((event.old_status, event.new_status), event.get_kind_display()))


def event_detail(event: CaseEvent) -> str:
    """The event's detail code in the reader's language; which list it comes from depends on the step."""
    code = event.detail
    if not code or event.kind == CaseEvent.Kind.LINKED:
        return ""
    if event.kind in (CaseEvent.Kind.EXTENSION_ASKED, CaseEvent.Kind.EXTENSION_GRANTED, CaseEvent.Kind.HEARING_RESUMED):
        return _("%(days)s days") % {"days": code}
    if event.kind == CaseEvent.Kind.DELIVERED:
        return str(DeliveryMethod(code).label) if code in DeliveryMethod.values else code
    if event.kind == CaseEvent.Kind.RATED:
        choices = Satisfaction
    elif event.old_status in (Status.UNDER_REVIEW, Status.UNDER_REREVIEW):
        choices = CaseReview.Decision
    elif event.new_status in (Status.NOT_ACCEPTED, Status.NOT_ACCEPTED_AGAIN):
        choices = NotAcceptedReason
    else:
        choices = Outcome
    return str(choices(code).label) if code in choices.values else code


CONFLICT = gettext_lazy(
    "Someone else changed this case while you had it open: it is now “%(status)s” (latest: %(latest)s). "
    "Nothing you sent was saved. Check the case as it is now, and try again if it still applies."
)


def latest_step(case: Case) -> str:
    """The case's latest step in one line (when, who, what): told to whoever lost a race to change it."""
    events = list(case.events.all())
    if not events:
        return "—"
    event = events[-1]
    who = event.actor.get_full_name() or event.actor.get_username() if event.actor_id else _("the petitioner")
    return f"{timezone.localtime(event.at):%Y-%m-%d %H:%M} · {who} · {event_title(event)}"
