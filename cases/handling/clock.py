"""The statutory clock: due dates counted as the regulation counts days, on China's working-day calendar."""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import chinese_calendar
from django.conf import settings
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


def local_day(moment: datetime | date) -> date:
    """The day in Beijing time: a limit counts days where the office is, not in UTC."""
    if isinstance(moment, datetime):
        return timezone.localdate(moment)
    return moment


def today() -> date:
    return timezone.localdate()


def add_days(start: datetime | date, days: int) -> date:
    """The last day of a limit of `days` days that starts at `start`.

    The day of the event is not counted; when the last day is a rest day, the limit ends on the
    next working day (Civil Code arts. 201 and 203, unless CASE_CLOCK_SKIPS_REST_DAYS is off).
    """
    due = local_day(start) + timedelta(days=days)
    if settings.CASE_CLOCK_SKIPS_REST_DAYS:
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


def transfer_due(received_at: datetime) -> date:
    return add_days(received_at, settings.CASE_TRANSFER_DAYS)


def acceptance_due(routed_at: datetime) -> date:
    return add_days(routed_at, settings.CASE_ACCEPTANCE_NOTICE_DAYS)


def objection_due(routed_at: datetime) -> date:
    return add_working_days(routed_at, settings.CASE_OBJECTION_WORKING_DAYS)


def reply_due(accepted_at: datetime) -> date:
    return add_days(accepted_at, settings.CASE_REPLY_DAYS)


def extended_reply_due(reply_due_on: date, days: int) -> date:
    return add_days(reply_due_on, days)


def request_window_ends(answered_at: datetime, level: int) -> date:
    """The last day the petitioner may ask for the review (level 1) or re-review (level 2)."""
    days = settings.CASE_REVIEW_REQUEST_DAYS if level == 1 else settings.CASE_REREVIEW_REQUEST_DAYS
    return add_days(answered_at, days)


def review_decision_due(requested_at: datetime, level: int) -> date:
    days = settings.CASE_REVIEW_DECISION_DAYS if level == 1 else settings.CASE_REREVIEW_DECISION_DAYS
    return add_days(requested_at, days)


def tier_due(entered_at: datetime, target_days: int) -> date:
    """The last day of a tier's target time: a working target of the town, in plain calendar days."""
    return local_day(entered_at) + timedelta(days=target_days)


def soon_until(day: date | None = None) -> date:
    """The last day that still counts as "due soon" seen from `day`."""
    return (day or today()) + timedelta(days=settings.CASE_DUE_SOON_DAYS)


@dataclass(frozen=True)
class DueState:
    """How a due date stands today: met, overdue, due soon or in time."""

    due_on: date | None
    done_at: datetime | None = None
    today: date | None = None

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def was_late(self) -> bool:
        return self.is_done and self.due_on is not None and local_day(self.done_at) > self.due_on

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.due_on is not None and self.due_on < (self.today or today())

    @property
    def is_soon(self) -> bool:
        if self.is_done or self.due_on is None or self.is_overdue:
            return False
        return self.due_on <= soon_until(self.today)

    @property
    def days_over(self) -> int:
        return -self.days_left if self.is_overdue else 0

    @property
    def days_left(self) -> int | None:
        if self.due_on is None:
            return None
        return (self.due_on - (self.today or today())).days
