"""Celery tasks of the outbox: thin, they take ids or nothing and call delivery."""

from celery import shared_task
from django.conf import settings

from .delivery import deliver, deliver_pending


@shared_task
def deliver_notifications(ids: list[int]) -> int:
    """Send the notifications just written. Each row is claimed first, so a retry sends nothing twice."""
    return deliver(ids)


@shared_task
def deliver_pending_notifications() -> int:
    """Periodic: whatever still waits (broker or gateway were down) goes out now."""
    return deliver_pending(limit=settings.NOTIFY_BATCH)
