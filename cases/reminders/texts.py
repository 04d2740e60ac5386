"""How reminders about a case's clocks read, in the reader's language; registered with the outbox."""

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.models import Notification
from notifications.texts import Rendered, register

from ..models import Clock, Reminder

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
        "link": settings.SITE_URL + path,
    }
    return Rendered(title, body, path)


def reminders_with_cases() -> QuerySet[Reminder]:
    return Reminder.objects.select_related("case")


def register_reminder_texts() -> None:
    register([Notification.Kind.REMINDER, Notification.Kind.ESCALATION], render_reminder, subjects=reminders_with_cases)
