"""Celery tasks of the cases app: thin, they take ids or nothing, load fresh state and call a service."""

from celery import shared_task
from django.conf import settings

# Celery's autodiscovery imports only `<app>.tasks`; the dashboard's task lives in its own package.
from .dashboard.tasks import refresh_dashboard_rollup  # noqa: F401


@shared_task
def deliver_notifications(ids: list[int]) -> int:
    """Send the notifications just written. Each row is claimed first, so a retry sends nothing twice."""
    from .notifications.delivery import deliver

    return deliver(ids)


@shared_task
def deliver_pending_notifications() -> int:
    """Periodic: whatever still waits (broker or gateway were down) goes out now."""
    from .notifications.delivery import deliver_pending

    return deliver_pending(limit=settings.NOTIFY_BATCH)


@shared_task
def sweep_reminders() -> int:
    """Periodic: the reminder sweep; idempotent, so running it every hour only catches up."""
    from .notifications.delivery import deliver_pending
    from .notifications.sweep import reminders_sweep

    result = reminders_sweep()
    deliver_pending(limit=settings.NOTIFY_BATCH)
    return result.reminders


@shared_task
def send_daily_digests() -> int:
    from .notifications.digest import digests_send

    return digests_send()
