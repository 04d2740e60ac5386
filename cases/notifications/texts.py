"""The words of a notification, rendered in the reader's language when it is shown or sent."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import Clock, Notification

CLOCK_LABELS = {
    Clock.TRANSFER: _("transfer or assignment"),
    Clock.ACCEPTANCE: _("acceptance notice"),
    Clock.OBJECTION: _("objection window"),
    Clock.REPLY: _("reply"),
    Clock.REVIEW: _("review decision"),
    Clock.REREVIEW: _("re-review decision"),
    Clock.TIER: _("tier target time"),
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


def render(notification: Notification) -> tuple[str, str]:
    """(title, text) of a notification. Reminders are rendered from their ledger row; others carry their text."""
    if notification.reminder_id:
        reminder = notification.reminder
        title = reminder_title(
            clock=reminder.clock, offset_days=reminder.offset_days, code=notification.case.tracking_code
        )
        link = settings.SITE_URL + reverse("handling:case", args=[notification.case_id])
        body = _("Due date: %(due)s. Open the case: %(link)s") % {"due": reminder.due_on.isoformat(), "link": link}
        return title, body
    return notification.title, notification.body
