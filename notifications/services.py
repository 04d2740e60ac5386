"""Writing to the outbox: messages to an address (SMS), marking read; delivery is queued after commit."""

import logging
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from .models import Notification
from .tasks import deliver_notifications

log = logging.getLogger(__name__)

# Set while building demo data: invented residents must never be texted, whatever the gateway, and the
# invented history notifies no staff member of events months old.
_muted: ContextVar[bool] = ContextVar("resident_messages_muted", default=False)


def messages_muted() -> bool:
    """True while demo history is written (resident_messages_muted): producers then write no messages."""
    return _muted.get()


@contextmanager
def resident_messages_muted():
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def queue_delivery(ids: Iterable[int]) -> None:
    """After commit, hand the rows to a worker. If the broker is down they wait for the periodic task."""
    ids = list(ids)
    if not ids:
        return

    def _enqueue() -> None:
        try:
            deliver_notifications.delay(ids)
        except Exception:
            log.warning("Broker unreachable: %d notification(s) wait for the periodic delivery", len(ids))

    transaction.on_commit(_enqueue)


def sms_to_resident(
    *, phone: str, text: str, dedupe_key: str, subject: models.Model, subject_is_new: bool = False
) -> Notification | None:
    """An SMS to a resident who has no login. `dedupe_key` names the event: the same event never texts twice.

    subject_is_new: the subject was created in this very transaction, so no message about it can exist yet:
    the row is written straight away instead of looked up first (intake's hot path: three statements fewer).
    """
    if _muted.get():
        return None
    fields = {
        "channel": Notification.Channel.SMS,
        "kind": Notification.Kind.RESIDENT,
        "address": phone,
        "subject_type": ContentType.objects.get_for_model(subject),
        "subject_id": subject.pk,
        "body": text,
    }
    if subject_is_new:
        notification, created = Notification.objects.create(dedupe_key=dedupe_key[:120], **fields), True
    else:
        notification, created = Notification.objects.get_or_create(dedupe_key=dedupe_key[:120], defaults=fields)
    if created:
        queue_delivery([notification.pk])
    return notification


def notifications_mark_read(*, user: AbstractBaseUser, ids: Iterable[int] | None = None) -> int:
    """Mark the person's own in-app notifications read (all of them when no ids are given)."""
    qs = Notification.objects.filter(recipient=user, channel=Notification.Channel.IN_APP, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
