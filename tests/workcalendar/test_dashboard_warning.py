"""The town office is told, on the dashboard and in the log, that a coming year's notice is missing."""

import logging
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from dashboard import calendar_warning
from grids.models import Role
from workcalendar.models import HolidayNotice

from ..factories import bulk_cases, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("work_calendar")]


def on(day: date):
    return time_machine.travel(datetime.combine(day, time(9), tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)


@pytest.fixture(autouse=True)
def _log_afresh(monkeypatch):
    monkeypatch.setattr(calendar_warning, "_logged", set())


def test_two_months_before_a_year_without_its_notice_the_town_office_is_warned(client, town, caplog):
    client.force_login(make_staff(Role.PETITION_OFFICE, username="office"))
    with on(date(2026, 12, 2)), caplog.at_level(logging.WARNING, logger="dashboard.calendar_warning"):
        page = client.get(reverse("dashboard:dashboard")).content.decode()
    assert 'data-testid="calendar-warning"' in page
    assert "2027" in page and reverse("workcalendar_admin:workcalendar_holidaynotice_add") in page
    assert any("2027" in r.getMessage() for r in caplog.records)


def test_no_warning_once_the_notice_is_entered_or_while_the_year_is_far(client, town):
    client.force_login(make_staff(Role.TOWN_LEADER, username="leader"))
    with on(date(2026, 6, 1)):
        assert 'data-testid="calendar-warning"' not in client.get(reverse("dashboard:dashboard")).content.decode()
    HolidayNotice.objects.create(year=2027, title="国务院办公厅关于2027年部分节假日安排的通知")
    with on(date(2026, 12, 2)):
        assert 'data-testid="calendar-warning"' not in client.get(reverse("dashboard:dashboard")).content.decode()


def test_a_due_date_in_the_year_warns_earlier(town):
    with on(date(2026, 10, 1)):
        assert calendar_warning.years_without_notice(date(2026, 10, 1)) == []
        bulk_cases(1, tier=town["tiers"]["building"], due_on=date(2027, 1, 4))
        assert calendar_warning.years_without_notice(date(2026, 10, 1)) == [2027]


def test_a_department_head_sees_no_town_warning(client, town):
    client.force_login(make_staff(Role.DEPARTMENT_HEAD, username="head", department=town["dept_a"]))
    with on(date(2026, 12, 2)):
        assert 'data-testid="calendar-warning"' not in client.get(reverse("dashboard:dashboard")).content.decode()
