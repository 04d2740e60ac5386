"""The dashboard's periods: the last 30 days, this week, month, quarter or year so far, or any days from-to."""

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext_lazy as _

from core import calendar

WEEK, MONTH, QUARTER, YEAR, CUSTOM = "week", "month", "quarter", "year", "custom"
# A rolling window: on the 2nd of a month "this month" is two days and its rates mostly empty.
LAST_30 = "last30"
ROLLING_DAYS = {LAST_30: 30}
PRESETS = [
    (LAST_30, _("Last 30 days")),
    (WEEK, _("This week")),
    (MONTH, _("This month")),
    (QUARTER, _("This quarter")),
    (YEAR, _("This year")),
]
PERIOD_CHOICES = [*PRESETS, (CUSTOM, _("From – to"))]
DEFAULT = LAST_30
# Longer than this is refused: five years of a district's cases is already more than one look can hold.
MAX_DAYS = 5 * 365 + 2
EARLIEST = calendar.EARLIEST_DAY
LATEST = calendar.LATEST_DAY
# Up to about a quarter the trend is drawn per week, beyond it per month.
WEEKLY_UP_TO_DAYS = 92


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after the month of `day`."""
    return day.replace(day=1) + relativedelta(months=months)


def next_month(day: date) -> date:
    return add_months(day, 1)


def period_start(kind: str, day: date) -> date:
    if kind == WEEK:
        return day - timedelta(days=day.weekday())
    if kind == MONTH:
        return day.replace(day=1)
    if kind == QUARTER:
        return _quarter_start(day)
    return date(day.year, 1, 1)


def period_end(kind: str, start: date) -> date:
    """The last day of the calendar period that begins on `start`."""
    if kind == WEEK:
        return start + timedelta(days=6)
    months = {MONTH: 1, QUARTER: 3, YEAR: 12}[kind]
    return add_months(start, months) - timedelta(days=1)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    kind: str = CUSTOM

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def trend_unit(self) -> str:
        return "week" if self.days <= WEEKLY_UP_TO_DAYS else "month"

    def shifted(self, direction: int) -> "Period | None":
        """The calendar period before (-1) or after (+1) a preset one; the same number of days for a custom one."""
        if self.kind == CUSTOM or self.kind in ROLLING_DAYS:
            length = timedelta(days=self.days)
            return Period(self.start + direction * length, self.end + direction * length, CUSTOM)
        if direction < 0:
            start = period_start(self.kind, self.start - timedelta(days=1))
        else:
            start = period_end(self.kind, self.start) + timedelta(days=1)
        return Period(start, period_end(self.kind, start), CUSTOM)


def preset(kind: str, today: date) -> Period:
    """A calendar period so far (from its first day to today), or the last so many days up to today."""
    if kind in ROLLING_DAYS:
        return Period(today - timedelta(days=ROLLING_DAYS[kind] - 1), today, kind)
    return Period(period_start(kind, today), today, kind)
