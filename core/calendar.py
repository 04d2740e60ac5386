"""China's working-day calendar and the town's local day: the arithmetic every clock of the portal counts on.

Which days are rest days is the town's data (the workcalendar app: each year's holiday notice, its rest days
and make-up working days), handed to this module as a source when the apps are ready, since core imports no
app. A day the source names is what it says; any other day rests on weekends and on the fixed statutory
holidays (core.statutory_holidays), so a year whose notice is not entered yet still keeps those.
"""

import logging
from datetime import date, datetime, time, timedelta
from typing import Protocol

from django.utils import timezone

from .statutory_holidays import statutory_holidays

log = logging.getLogger(__name__)

_years_without_notice: set[int] = set()


class CalendarSource(Protocol):
    """Where the town's own calendar comes from (workcalendar registers one)."""

    def entry(self, day: date) -> bool | None:
        """True for an entered working day (调休上班日), False for an entered rest day, None when not entered."""

    def has_notice(self, year: int) -> bool:
        """Whether the year's holiday notice has been entered."""


_source: CalendarSource | None = None


def use_calendar_source(source: CalendarSource | None) -> None:
    """Plug the town's calendar in (workcalendar's AppConfig.ready); None leaves the statutory rule alone."""
    global _source
    _source = source


def has_notice(year: int) -> bool:
    """Whether the town has entered `year`'s holiday notice."""
    return _source is not None and _source.has_notice(year)


def years_without_notice(first: date, last: date) -> list[int]:
    """The years from `first` to `last` whose holiday notice has not been entered."""
    return [year for year in range(first.year, last.year + 1) if not has_notice(year)]


def is_statutory_holiday(day: date) -> bool:
    """One of the fixed statutory holidays (全国年节及纪念日放假办法), whatever the notice moved around it."""
    return day in statutory_holidays(day.year)


def is_workday(day: date) -> bool:
    """A working day in the town: make-up working days (调休上班日) included, holidays and weekends not.

    A day the town's calendar lists is what it says; any other day is a working day from Monday to Friday
    unless it is a fixed statutory holiday (the notice never takes one away, it only adds bridging days and
    make-up working days around them).
    """
    if _source is not None:
        entered = _source.entry(day)
        if entered is not None:
            return entered
    if not has_notice(day.year) and day.year not in _years_without_notice:
        # Said once per year and process, loudly enough for the petition office to enter the notice.
        _years_without_notice.add(day.year)
        log.warning(
            "The holiday notice for %s has not been entered in the work calendar: counting weekends and the fixed "
            "statutory holidays only as rest days. Enter the year's notice (admin, work calendar).",
            day.year,
        )
    return day.weekday() < 5 and not is_statutory_holiday(day)


# The days the portal records and reads. A mistyped year (0001, 9999) is refused at every door: the
# statutory clock adds days to it and a year-1 instant stored in UTC cannot even be read back.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2099, 12, 31)


def in_recorded_range(moment: datetime | date) -> bool:
    """Whether a day or an instant falls between EARLIEST_DAY and LATEST_DAY in the town's time zone."""
    if isinstance(moment, datetime):
        # Compared, never converted: converting an instant near year 1 or 9999 overflows.
        return day_start(EARLIEST_DAY) <= moment < day_start(LATEST_DAY) + timedelta(days=1)
    return EARLIEST_DAY <= moment <= LATEST_DAY


def local_day(moment: datetime | date) -> date:
    """The day in the town's time zone: a limit counts days where the office is, not in UTC."""
    if isinstance(moment, datetime):
        return timezone.localdate(moment)
    return moment


def today() -> date:
    return timezone.localdate()


def day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the town's time zone, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def add_days(start: datetime | date, days: int, *, skip_rest_days: bool = True) -> date:
    """The last day of a limit of `days` days that starts at `start`.

    The day of the event is not counted (Civil Code art. 201); when the last day is a rest day and
    `skip_rest_days` holds, the limit ends on the day after the rest ends, the next working day (art. 203),
    a make-up working day (调休上班日) included. The shift applies once, at the end: a limit made longer
    (an extension) is counted again from `start` with the longer number of days, never from a shifted end.
    """
    due = local_day(start) + timedelta(days=days)
    if skip_rest_days:
        while not is_workday(due):
            due += timedelta(days=1)
    return due


def add_working_days(start: datetime | date, days: int) -> date:
    """The day on which `days` working days after `start` have passed (the day of the event not counted).

    Holidays and weekends are not counted; a make-up working day (调休上班日) is.
    """
    day = local_day(start)
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_workday(day):
            counted += 1
    return day
