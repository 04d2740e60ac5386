"""Celery tasks of the cases app: thin, they take ids or nothing, load fresh state and call a service."""

from celery import shared_task
from django.conf import settings

from notifications.delivery import deliver_pending

from .reminders.digest import digests_send
from .reminders.sweep import reminders_sweep


@shared_task
def sweep_reminders() -> int:
    """Periodic: the reminder sweep; idempotent, so running it every hour only catches up."""
    result = reminders_sweep()
    deliver_pending(limit=settings.NOTIFY_BATCH)
    return result.reminders


@shared_task
def send_daily_digests() -> int:
    return digests_send()
