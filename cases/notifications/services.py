"""Writing to the outbox: resident messages, staff notices, marking read. Queued for delivery after commit."""

import logging
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from ..intake.validators import MOBILE_RE
from ..models import Case
from .models import Notification

log = logging.getLogger(__name__)

# Set while building demo data: invented petitioners must never be texted, whatever the gateway.
_muted: ContextVar[bool] = ContextVar("resident_messages_muted", default=False)


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
        from ..tasks import deliver_notifications

        try:
            deliver_notifications.delay(ids)
        except Exception:
            log.warning("Broker unreachable: %d notification(s) wait for the periodic delivery", len(ids))

    transaction.on_commit(_enqueue)


RESIDENT_MESSAGES = {
    "registered": lambda: _(
        "We received your matter on %(date)s. Tracking code %(code)s. Track it at %(url)s "
        "with the last four digits of this phone."
    ),
    "accepted": lambda: _("Your matter %(code)s was accepted and passed on for handling. Track it at %(url)s"),
    "not_accepted": lambda: _("Your matter %(code)s was not accepted; the reason is on %(url)s"),
    "note": lambda: _("There is news on your matter %(code)s. Read it at %(url)s"),
    "replied": lambda: _("Your matter %(code)s has a written reply. Read it, and rate it, at %(url)s"),
    "review_decided": lambda: _("The review of your matter %(code)s is decided. Read it at %(url)s"),
}


def notify_resident(*, case: Case, what: str, dedupe: str) -> Notification | None:
    """An SMS to the petitioner, in Chinese, with the tracking link and nobody else's data.

    `dedupe` names the event (e.g. its id): the same event never texts twice.
    """
    phone = case.contact_phone or ""
    if _muted.get() or not MOBILE_RE.match(phone):
        return None
    with override(settings.LANGUAGE_CODE):
        prefix = _("[Zhuanqiao petitions]")
        text = f"{prefix} " + RESIDENT_MESSAGES[what]() % {
            "date": timezone.localtime(case.received_at).strftime("%Y-%m-%d"),
            "code": case.tracking_code,
            "url": settings.SITE_URL + reverse("track"),
        }
    notification, created = Notification.objects.get_or_create(
        dedupe_key=f"resident:{case.pk}:{what}:{dedupe}"[:120],
        defaults={
            "channel": Notification.Channel.SMS,
            "kind": Notification.Kind.RESIDENT,
            "address": phone,
            "case": case,
            "body": text,
        },
    )
    if created:
        queue_delivery([notification.pk])
    return notification


def notifications_mark_read(*, user: AbstractBaseUser, ids: Iterable[int] | None = None) -> int:
    """Mark the person's own in-app notifications read (all of them when no ids are given)."""
    qs = Notification.objects.filter(recipient=user, channel=Notification.Channel.IN_APP, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
