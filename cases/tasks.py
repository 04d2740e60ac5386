"""Celery tasks of the cases app: thin, they take ids or nothing, load fresh state and call a service."""

from datetime import date

from celery import shared_task
from django.conf import settings
from django.http import QueryDict

from notifications.delivery import deliver_pending

from . import clock
from .forms.queue import QueueFilter
from .reminders.digest import digests_send
from .reminders.sweep import reminders_sweep
from .selectors.counts import town_cases, warm_town_counts
from .services.due_dates import due_dates_recount


@shared_task
def sweep_reminders() -> int:
    """Periodic: the reminder sweep; idempotent, so running it every hour only catches up."""
    result = reminders_sweep()
    deliver_pending(limit=settings.NOTIFY_BATCH)
    return result.reminders


@shared_task
def send_daily_digests() -> int:
    return digests_send()


@shared_task
def warm_town_queue_counts() -> bool:
    """Periodic: count the whole town's unfiltered queue again while people are opening it."""
    today = clock.today()

    def unfiltered():
        filterset = QueueFilter(QueryDict(), queryset=town_cases(), today=today)
        filterset.form.is_valid()  # as the page: no parameters is the default view
        return filterset

    return warm_town_counts(today=today, make_filterset=unfiltered)


@shared_task
def recount_due_dates(first_day: str | None = None) -> int:
    """After a work calendar change: count the stored due dates again from that day on (ISO date, or all)."""
    result = due_dates_recount(first_day=date.fromisoformat(first_day) if first_day else None)
    return len(result.moved)
