"""The outbox: every message is a row before it is sent. It knows no domain: a message concerns a `subject`
(any row, by content type), and the producer that wrote it registers how it reads (notifications.texts)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
        CASE_EVENT = "case_event", _("Something happened on a case")
        # A follow-up someone owns outside a case's clocks: a meeting's action, a screening item's review.
        FOLLOW_UP = "follow_up", _("Follow-up to do")

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
    # What the message is about (a case, a reminder of one of its clocks, ...): the producer's row.
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("about (type)")
    )
    subject_id = models.PositiveBigIntegerField(_("about (id)"), null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
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
        db_table = "cases_notification"  # created by the cases app before the outbox became its own
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="notification_due"),
            models.Index(fields=["recipient", "channel", "read_at"], name="notification_inbox"),
        ]
        constraints = [
            # A producer writing one subject's messages twice (a sweep run twice) notifies each person once.
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "recipient", "channel"],
                condition=Q(subject_id__isnull=False, recipient__isnull=False),
                name="notification_once_per_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient_id or self.address}: {self.title}"
