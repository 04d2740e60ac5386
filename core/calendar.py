"""China's working-day calendar and the town's local day: the arithmetic every clock of the portal counts on."""

import logging
from datetime import date, datetime, time, timedelta

import chinese_calendar
from django.utils import timezone

log = logging.getLogger(__name__)

_years_without_data: set[int] = set()


def is_workday(day: date) -> bool:
    """A working day in mainland China, make-up days (调休) included."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        # chinese_calendar knows a year only once the State Council publishes its holiday notice
        # (each December) and a release ships it. Until then Monday to Friday is the best guess;
        # say so once per year, loudly enough for an operator to upgrade the package.
        if day.year not in _years_without_data:
            _years_without_data.add(day.year)
            log.warning(
                "chinese_calendar has no holiday data for %s: counting Monday to Friday as working days. "
                "Upgrade the chinesecalendar package once the year's holiday notice is out.",
                day.year,
            )
        return day.weekday() < 5


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

    The day of the event is not counted; when the last day is a rest day and `skip_rest_days` holds,
    the limit ends on the next working day (Civil Code arts. 201 and 203).
    """
    due = local_day(start) + timedelta(days=days)
    if skip_rest_days:
        while not is_workday(due):
            due += timedelta(days=1)
    return due


def add_working_days(start: datetime | date, days: int) -> date:
    """The day on which `days` working days after `start` have passed (the day of the event not counted)."""
    day = local_day(start)
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_workday(day):
            counted += 1
    return day
