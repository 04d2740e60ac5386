"""How reminders about a case's clocks read, in the reader's language; registered with the outbox."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.site import absolute
from notifications.models import Notification
from notifications.texts import Rendered, register

from ..models import CaseEvent, Clock, Reminder, Status

CLOCK_LABELS = {
    Clock.TRANSFER: gettext_lazy("transfer or assignment"),
    Clock.ACCEPTANCE: gettext_lazy("acceptance notice"),
    Clock.OBJECTION: gettext_lazy("objection window"),
    Clock.REPLY: gettext_lazy("reply"),
    Clock.REVIEW: gettext_lazy("review decision"),
    Clock.REREVIEW: gettext_lazy("re-review decision"),
    Clock.TIER: gettext_lazy("tier target time"),
}


def _clock_label(clock: str) -> str:
    return str(CLOCK_LABELS.get(clock, clock))


def reminder_title(*, clock: str, offset_days: int, code: str) -> str:
    what = _clock_label(clock)
    if clock == Clock.TIER:
        return _("%(code)s has stayed past its tier's target time for %(days)d days: consider taking it up") % {
            "code": code,
            "days": offset_days,
        }
    if offset_days < 0:
        return _("%(code)s: %(what)s due in %(days)d days") % {"code": code, "what": what, "days": -offset_days}
    if offset_days == 0:
        return _("%(code)s: %(what)s due today") % {"code": code, "what": what}
    return _("%(code)s: %(what)s overdue by %(days)d days") % {"code": code, "what": what, "days": offset_days}


def render_reminder(notification: Notification) -> Rendered | None:
    reminder = notification.subject
    if not isinstance(reminder, Reminder):
        return None
    title = reminder_title(clock=reminder.clock, offset_days=reminder.offset_days, code=reminder.case.tracking_code)
    path = reverse("handling:case", args=[reminder.case_id])
    body = _("Due date: %(due)s. Open the case: %(link)s") % {
        "due": reminder.due_on.isoformat(),
        "link": absolute(path),
    }
    return Rendered(title, body, path)


def reminders_with_cases() -> QuerySet[Reminder]:
    return Reminder.objects.select_related("case")


def _date(day) -> str:
    return day.isoformat() if day else "—"


def event_title(event: CaseEvent) -> str:
    """What happened, to the people it concerns (cases/services/notices.py decides who they are)."""
    case = event.case
    code = case.tracking_code
    if event.kind == CaseEvent.Kind.ROUTED:
        return _("%(code)s was routed to you: sign for it by %(date)s") % {
            "code": code,
            "date": _date(case.acceptance_due_on),
        }
    if event.kind == CaseEvent.Kind.EXTENSION_ASKED:
        return _("%(code)s: %(days)s more days asked for; approve or refuse") % {"code": code, "days": event.detail}
    if event.kind == CaseEvent.Kind.REGISTERED:
        return _("New web submission %(code)s from %(platform)s: accept and route it by %(date)s") % {
            "code": code,
            "platform": case.platform.name if case.platform_id else "—",
            "date": _date(case.transfer_due_on),
        }
    if event.new_status == Status.UNDER_REVIEW:
        return _("%(code)s: the petitioner asks for a review; decide it") % {"code": code}
    if event.new_status == Status.UNDER_REREVIEW:
        return _("%(code)s: the petitioner asks for a re-review; decide it") % {"code": code}
    if event.kind == CaseEvent.Kind.OBJECTED:
        return _("%(code)s: %(department)s objects that it is not theirs; verify and agree or refuse") % {
            "code": code,
            "department": event.department.name if event.department_id else "—",
        }
    if event.new_status == Status.REGISTERED:
        return _("%(code)s was sent back by %(department)s as not theirs: route it again") % {
            "code": code,
            "department": event.department.name if event.department_id else "—",
        }
    return _("%(code)s: %(what)s") % {"code": code, "what": event.get_kind_display()}


def render_case_event(notification: Notification) -> Rendered | None:
    event = notification.subject
    if not isinstance(event, CaseEvent):
        return None
    path = reverse("handling:case", args=[event.case_id])
    body = _("Open the case: %(link)s") % {"link": absolute(path)}
    if event.note and event.kind in (CaseEvent.Kind.EXTENSION_ASKED, CaseEvent.Kind.STATUS, CaseEvent.Kind.OBJECTED):
        body = _("Reason given: %(reason)s") % {"reason": event.note[:500]} + "\n" + body
    return Rendered(event_title(event), body, path)


def events_with_cases() -> QuerySet[CaseEvent]:
    return CaseEvent.objects.select_related("case__platform", "department")


def register_reminder_texts() -> None:
    register([Notification.Kind.REMINDER, Notification.Kind.ESCALATION], render_reminder, subjects=reminders_with_cases)
    register([Notification.Kind.CASE_EVENT], render_case_event, subjects=events_with_cases)
