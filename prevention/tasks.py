"""Celery tasks of the prevention app: thin, they call a service."""

from celery import shared_task

from .services import prevention_reminders_sweep


@shared_task
def sweep_prevention_reminders() -> int:
    """Periodic: review and action reminders; idempotent, so an hourly run only catches up."""
    result = prevention_reminders_sweep()
    return result.reviews + result.actions
