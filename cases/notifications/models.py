"""The outbox (every message is a row before it is sent) and the reminder ledger (never twice)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
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


class Notification(models.Model):
    """A message to one person on one channel, written in the transaction that caused it.

    Delivery happens after commit, with retries; whatever was not delivered waits here for the
    periodic task, so a broker or gateway that is down loses nothing.
    """

    class Channel(models.TextChoices):
        IN_APP = "in_app", _("In the portal")
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Gave up")

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Deadline reminder")
        ESCALATION = "escalation", _("Escalation suggestion")
        DIGEST = "digest", _("Daily digest")
        RESIDENT = "resident", _("Message to the petitioner")

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    # A phone or e-mail address for a resident, who has no login.
    address = models.CharField(_("address"), max_length=254, blank=True)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("case")
    )
    reminder = models.ForeignKey(
        Reminder,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("reminder"),
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("text"), max_length=2000, blank=True)
    # Idempotency for messages that are not reminders (digests, resident messages).
    dedupe_key = models.CharField(_("dedupe key"), max_length=120, null=True, blank=True, unique=True)
    sweep = models.CharField(_("sweep"), max_length=32, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="notification_due"),
            models.Index(fields=["recipient", "channel", "read_at"], name="notification_inbox"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "recipient", "channel"],
                condition=Q(reminder__isnull=False),
                name="notification_once_per_reminder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient_id or self.address}: {self.title}"
