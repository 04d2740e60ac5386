"""The statutory clock: each due date of a case, counted as the regulation counts days on core.calendar."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings

from core import calendar
from core.calendar import add_working_days, is_workday, local_day, today

__all__ = ["add_working_days", "is_workday", "local_day", "today"]


def add_days(start: datetime | date, days: int) -> date:
    """A statutory limit of `days` days from `start` (see core.calendar.add_days); CASE_CLOCK_SKIPS_REST_DAYS
    off counts plain calendar days."""
    return calendar.add_days(start, days, skip_rest_days=settings.CASE_CLOCK_SKIPS_REST_DAYS)


def transfer_due(received_at: datetime) -> date:
    return add_days(received_at, settings.CASE_TRANSFER_DAYS)


def acceptance_due(routed_at: datetime) -> date:
    return add_days(routed_at, settings.CASE_ACCEPTANCE_NOTICE_DAYS)


def objection_due(routed_at: datetime) -> date:
    return add_working_days(routed_at, settings.CASE_OBJECTION_WORKING_DAYS)


def reply_due(accepted_at: datetime | date, extension_days: int = 0) -> date:
    """The last day for the written opinion: CASE_REPLY_DAYS from acceptance, or with an approved extension
    of N days the whole limit of CASE_REPLY_DAYS + N days, counted once from acceptance and shifted once at its
    end (条例 art. 34): never N days added to an already shifted 60th day."""
    return add_days(accepted_at, settings.CASE_REPLY_DAYS + extension_days)


def request_window_ends(answered_at: datetime, level: int) -> date:
    """The last day the petitioner may ask for the review (level 1) or re-review (level 2)."""
    days = settings.CASE_REVIEW_REQUEST_DAYS if level == 1 else settings.CASE_REREVIEW_REQUEST_DAYS
    return add_days(answered_at, days)


def review_decision_due(requested_at: datetime, level: int, hearing_days: int = 0) -> date:
    """The review's (复查) or re-review's (复核) decision date: 30 days from the request, plus the days a
    re-review was paused for hearings (听证, 条例 art. 36), shifted once at the end like any limit."""
    days = settings.CASE_REVIEW_DECISION_DAYS if level == 1 else settings.CASE_REREVIEW_DECISION_DAYS
    return add_days(requested_at, days + hearing_days)


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
