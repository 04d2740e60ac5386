from celery import shared_task

from .reminders import term_reminders_sweep


@shared_task
def sweep_term_reminders() -> int:
    """Remind mediators of agreement terms coming due (the beat schedule runs it hourly)."""
    return term_reminders_sweep()
