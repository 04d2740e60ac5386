"""The town office is warned, on the dashboard and in the log, while a year the clock counts in has no holiday
notice entered: from WORK_CALENDAR_WARN_DAYS_BEFORE days before it starts, or as soon as a stored due date falls
in it. Without the notice the clock rests only on weekends and the fixed statutory holidays, and would miss the
year's bridging days and make-up working days."""

import logging
from datetime import date, timedelta

from django.conf import settings

from cases.models import OPEN_STATUSES, Case
from core import calendar

log = logging.getLogger(__name__)

_logged: set[int] = set()


def years_without_notice(today: date) -> list[int]:
    """The years without a notice that the town should enter now (at most one small indexed query)."""
    # No due date stored today lies further out than the longest limit and its shift.
    horizon = today + timedelta(days=settings.CASE_REPLY_DAYS + settings.CASE_EXTENSION_MAX_DAYS + 31)
    missing = []
    for year in calendar.years_without_notice(today, horizon):
        starts = date(year, 1, 1)
        soon = today >= starts - timedelta(days=settings.WORK_CALENDAR_WARN_DAYS_BEFORE)
        if soon or Case.objects.filter(status__in=OPEN_STATUSES, due_on__gte=starts).exists():
            missing.append(year)
    for year in missing:
        if year not in _logged:
            _logged.add(year)
            log.warning(
                "The holiday notice for %s has not been entered in the work calendar; due dates in %s count "
                "weekends and the fixed statutory holidays only.",
                year,
                year,
            )
    return missing
