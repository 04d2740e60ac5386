"""Delivering the outbox: claim a row with a conditional update, send outside any transaction, record the result."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.utils import timezone
from django.utils.translation import override

from .models import Notification
from .sms import send_sms
from .texts import render

log = logging.getLogger(__name__)

# While one worker sends, the row is hidden from the others for this long.
CLAIM_SECONDS = 300


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=settings.NOTIFY_RETRY_BASE_SECONDS * (2 ** max(attempts - 1, 0)))


def _claim(pk: int) -> bool:
    now = timezone.now()
    claimed = Notification.objects.filter(pk=pk, state=Notification.State.PENDING, next_attempt_at__lte=now).update(
        next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS), attempts=F("attempts") + 1
    )
    return claimed == 1


def _send(notification: Notification) -> None:
    with override(settings.LANGUAGE_CODE):
        text = render(notification)
    if notification.channel == Notification.Channel.EMAIL:
        address = notification.address or notification.recipient.email
        send_mail(text.title, text.body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
    elif notification.channel == Notification.Channel.SMS:
        result = send_sms(notification.address, " ".join(part for part in (text.title, text.body) if part))
        if not result.ok:
            raise OSError(f"SMS gateway refused: {result.detail}")


def deliver_one(pk: int) -> bool:
    """Send one pending notification. Safe to call twice or from two workers: only one claims it."""
    if not _claim(pk):
        return False
    notification = Notification.objects.select_related("recipient", "subject_type").get(pk=pk)
    try:
        _send(notification)
    except Exception as err:  # the gateway or mail server said no: try again later, then give up
        give_up = notification.attempts >= settings.NOTIFY_MAX_ATTEMPTS
        Notification.objects.filter(pk=pk).update(
            state=Notification.State.FAILED if give_up else Notification.State.PENDING,
            next_attempt_at=timezone.now() + _backoff(notification.attempts),
            last_error=str(err)[:500],
        )
        log.warning("Notification %s not delivered (attempt %s): %s", pk, notification.attempts, err)
        return False
    Notification.objects.filter(pk=pk).update(state=Notification.State.SENT, sent_at=timezone.now(), last_error="")
    return True


def deliver(ids) -> int:
    return sum(deliver_one(pk) for pk in ids)


def pending_ids(limit: int) -> list[int]:
    return list(
        Notification.objects.filter(state=Notification.State.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def deliver_pending(*, limit: int = 500) -> int:
    """What is waiting (the broker was down, the gateway failed): send it now, oldest first."""
    return deliver(pending_ids(limit))
