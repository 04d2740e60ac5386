"""The ledger of reminders about case clocks: one row per case, clock, due date and offset, never twice."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Clock(models.TextChoices):
    """The deadlines that reminders watch. Each is a date column the handling services keep current."""

    TRANSFER = "transfer", _("Transfer or assignment")
    ACCEPTANCE = "acceptance", _("Acceptance notice")
    OBJECTION = "objection", _("Objection window")
    REPLY = "reply", _("Reply")
    REVIEW = "review", _("Review decision")
    REREVIEW = "rereview", _("Re-review decision")
    TIER = "tier", _("Tier target time")


class Reminder(models.Model):
    """One reminder about one clock of one case at one offset from its due date.

    The unique constraint is what makes the sweep safe to run twice or at once: a second run
    inserts nothing, so it notifies no one.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reminders", verbose_name=_("case"))
    clock = models.CharField(_("clock"), max_length=20, choices=Clock.choices)
    due_on = models.DateField(_("due on"))
    # Days from the due date: negative before it, 0 on the day, positive while overdue.
    offset_days = models.SmallIntegerField(_("days from due date"))
    sweep = models.CharField(_("sweep"), max_length=32, db_index=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["case", "clock", "due_on", "offset_days"], name="reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.clock} {self.due_on} {self.offset_days:+d}"
