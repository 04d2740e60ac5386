"""The statutory clock: days counted as the regulation counts them, on China's working-day calendar."""

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from cases import clock
from core import calendar

from ...factories import make_case

SHANGHAI = ZoneInfo("Asia/Shanghai")

# The clock counts on the town's calendar, which lives in the database.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("work_calendar")]


def at(y: int, m: int, d: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(y, m, d, hour, minute, tzinfo=SHANGHAI)


def test_a_limit_starts_counting_the_day_after_the_event():
    # Tuesday 2 September 2025 + 15 days is Wednesday 17 September, a working day.
    assert clock.add_days(at(2025, 9, 2), 15) == date(2025, 9, 17)


def test_a_limit_ending_in_the_national_day_holiday_ends_on_the_first_working_day_after_it():
    # 20 September + 15 = 5 October 2025, inside the holiday of 1-8 October.
    assert clock.add_days(at(2025, 9, 20), 15) == date(2025, 10, 9)


def test_a_limit_ending_on_a_sunday_ends_on_monday():
    assert clock.add_days(at(2025, 11, 1), 15) == date(2025, 11, 17)


def test_a_make_up_working_day_is_a_working_day():
    # Saturday 11 October 2025 is a make-up working day (调休) after the National Day holiday.
    assert clock.is_workday(date(2025, 10, 11))
    assert clock.add_days(at(2025, 9, 26), 15) == date(2025, 10, 11)


def test_working_days_skip_the_holiday_and_count_the_make_up_sunday():
    # From Friday 26 September 2025: Sun 28 (make-up day), Mon 29, Tue 30, then Thu 9 and Fri 10 October.
    assert clock.add_working_days(at(2025, 9, 26), 5) == date(2025, 10, 10)


def test_the_day_of_the_event_is_the_day_in_beijing():
    # 00:30 on 1 September in Beijing is still 31 August in UTC: the limit counts from 1 September.
    assert clock.add_days(at(2025, 9, 1, 0, 30), 15) == date(2025, 9, 16)


def test_plain_calendar_days_when_rest_days_are_not_skipped(settings):
    settings.CASE_CLOCK_SKIPS_REST_DAYS = False
    assert clock.add_days(at(2025, 9, 20), 15) == date(2025, 10, 5)


def test_a_year_without_a_notice_rests_on_weekends_and_the_fixed_holidays_and_says_so(monkeypatch, caplog):
    monkeypatch.setattr(calendar, "_years_without_notice", set())
    with caplog.at_level(logging.WARNING, logger="core.calendar"):
        assert clock.is_workday(date(2040, 1, 2))  # a Monday
        assert not clock.is_workday(date(2040, 1, 7))  # a Saturday
        assert clock.add_working_days(date(2040, 1, 6), 2) == date(2040, 1, 10)
        # 国庆 1-3 October 2040 (Monday to Wednesday) are statutory holidays without any notice.
        assert clock.add_working_days(date(2040, 9, 28), 2) == date(2040, 10, 5)

    warnings = [r for r in caplog.records if "2040" in r.getMessage()]
    assert len(warnings) == 1, "said once per year, not once per day"
    assert "has not been entered" in warnings[0].getMessage()


def test_every_limit_is_a_setting(settings):
    settings.CASE_TRANSFER_DAYS = 10
    settings.CASE_ACCEPTANCE_NOTICE_DAYS = 7
    settings.CASE_OBJECTION_WORKING_DAYS = 3
    settings.CASE_REPLY_DAYS = 30
    settings.CASE_REVIEW_REQUEST_DAYS = 20
    settings.CASE_REVIEW_DECISION_DAYS = 21
    settings.CASE_REREVIEW_REQUEST_DAYS = 22
    settings.CASE_REREVIEW_DECISION_DAYS = 24
    start = at(2025, 3, 3)  # a Monday, far from holidays

    assert clock.transfer_due(start) == date(2025, 3, 13)
    assert clock.acceptance_due(start) == date(2025, 3, 10)
    assert clock.objection_due(start) == date(2025, 3, 6)
    assert clock.reply_due(start) == date(2025, 4, 2)
    assert clock.request_window_ends(start, 1) == date(2025, 3, 24)  # the 23rd is a Sunday
    assert clock.review_decision_due(start, 1) == date(2025, 3, 24)
    assert clock.request_window_ends(start, 2) == date(2025, 3, 25)
    assert clock.review_decision_due(start, 2) == date(2025, 3, 27)


def test_registering_a_case_stores_its_transfer_due_date(town):
    case = make_case(received_at=at(2025, 9, 20))

    case.refresh_from_db()
    assert case.transfer_due_on == date(2025, 10, 9)
    assert case.due_on == date(2025, 10, 9)
    assert case.tier_entered_at == at(2025, 9, 20)
    assert case.tier_due_on == date(2025, 10, 5), "a tier's target is plain calendar days, holidays included"


def test_a_due_date_is_overdue_from_the_day_after_it():
    due = date(2025, 10, 9)
    assert not clock.DueState(due, today=date(2025, 10, 9)).is_overdue
    assert clock.DueState(due, today=date(2025, 10, 10)).is_overdue
    assert clock.DueState(due, today=date(2025, 10, 12)).days_over == 3


def test_due_soon_is_the_window_in_the_settings(settings):
    settings.CASE_DUE_SOON_DAYS = 3
    due = date(2025, 10, 9)
    assert clock.DueState(due, today=date(2025, 10, 6)).is_soon
    assert not clock.DueState(due, today=date(2025, 10, 5)).is_soon
    settings.CASE_DUE_SOON_DAYS = 5
    assert clock.DueState(due, today=date(2025, 10, 5)).is_soon


def test_a_step_done_after_its_due_date_is_marked_late():
    due = date(2025, 10, 9)
    assert clock.DueState(due, done_at=at(2025, 10, 10), today=date(2025, 11, 1)).was_late
    state = clock.DueState(due, done_at=at(2025, 10, 9, 23, 59), today=date(2025, 11, 1))
    assert state.is_done and not state.was_late and not state.is_overdue
