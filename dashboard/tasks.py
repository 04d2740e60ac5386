"""Celery task of the dashboard: recount dirty days in the background, so pages seldom have to."""

from celery import shared_task

from .cube import refresh


@shared_task
def refresh_dashboard_rollup() -> int:
    """Periodic (every few minutes): idempotent, and safe beside a page recounting the same days (advisory lock)."""
    return refresh()
