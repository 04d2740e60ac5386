"""When the work calendar changes (and the change commits), every stored due date from that day on is counted
again in the background, then once more a little later for a process that had not yet seen the change."""

import logging

from django.conf import settings

log = logging.getLogger(__name__)


def recount_on_calendar_change(sender, first_day, **kwargs) -> None:
    from .tasks import recount_due_dates

    try:
        recount_due_dates.delay(first_day.isoformat())
        recount_due_dates.apply_async(
            (first_day.isoformat(),), countdown=settings.WORK_CALENDAR_RECOMPUTE_AGAIN_SECONDS
        )
    except Exception:
        log.exception("Could not queue the due-date recount; counting now, in this process.")
        from .services.due_dates import due_dates_recount

        due_dates_recount(first_day=first_day)


def connect() -> None:
    from workcalendar.changes import calendar_changed

    calendar_changed.connect(recount_on_calendar_change, dispatch_uid="cases.recount_on_calendar_change")
