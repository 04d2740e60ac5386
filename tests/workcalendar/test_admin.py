"""The petition office keeps the work calendar in its admin; nobody else may; every change is recorded."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases import services
from cases.models import Case, CaseEvent
from grids.models import Role
from workcalendar.models import CalendarChange, CalendarDay, HolidayNotice

from ..factories import make_case, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("work_calendar")]

ADD = "/calendar/workcalendar/holidaynotice/add/"


def notice_form(year: int, days: list[tuple[str, str, str]]) -> dict:
    form = {
        "year": str(year),
        "title": f"国务院办公厅关于{year}年部分节假日安排的通知",
        "published_on": "",
        "source": "entered",
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for i, (day, kind, name) in enumerate(days):
        form.update({f"days-{i}-day": day, f"days-{i}-kind": kind, f"days-{i}-name": name})
    return form


@pytest.fixture
def office(town):
    return make_staff(Role.PETITION_OFFICE, username="office")


def test_the_petition_office_enters_a_notice_and_each_change_is_recorded(client, office):
    client.force_login(office)
    assert client.get("/calendar/").status_code == 200
    assert client.get(ADD).status_code == 200

    response = client.post(ADD, notice_form(2027, [("2027-02-05", "rest", "春节"), ("2027-02-20", "work", "春节")]))
    assert response.status_code == 302, response.content.decode()[:2000]

    notice = HolidayNotice.objects.get(year=2027)
    assert {(d.day, d.kind) for d in notice.days.all()} == {
        (date(2027, 2, 5), CalendarDay.Kind.REST),
        (date(2027, 2, 20), CalendarDay.Kind.WORK),
    }
    changes = list(CalendarChange.objects.order_by("pk"))
    assert [(c.action, c.by) for c in changes] == [(CalendarChange.Action.ADDED, office)] * 3
    assert changes[1].after == {"day": "2027-02-05", "kind": "rest", "name": "春节", "notice_year": 2027}

    day = notice.days.get(day=date(2027, 2, 20))
    response = client.post(
        f"/calendar/workcalendar/calendarday/{day.pk}/change/",
        {"notice": notice.pk, "day": "2027-02-21", "kind": "work", "name": "春节"},
    )
    assert response.status_code == 302
    changed = CalendarChange.objects.latest("pk")
    assert changed.action == CalendarChange.Action.CHANGED and changed.by == office
    assert (changed.before["day"], changed.after["day"]) == ("2027-02-20", "2027-02-21")

    client.post(f"/calendar/workcalendar/calendarday/{day.pk}/delete/", {"post": "yes"})
    deleted = CalendarChange.objects.latest("pk")
    assert deleted.action == CalendarChange.Action.DELETED and deleted.before["day"] == "2027-02-21"
    assert deleted.after is None and deleted.by == office


def test_the_change_record_is_append_only(client, office):
    client.force_login(office)
    client.post(ADD, notice_form(2027, []))
    change = CalendarChange.objects.get()
    assert client.post(f"/calendar/workcalendar/calendarchange/{change.pk}/delete/", {"post": "yes"}).status_code == 403
    with pytest.raises(PermissionError):
        change.save()
    with pytest.raises(PermissionError):
        CalendarChange.objects.all().delete()
    assert CalendarChange.objects.count() == 1


@pytest.mark.parametrize("role", [Role.DEPARTMENT_OFFICER, Role.DEPARTMENT_HEAD, Role.RECEPTION, Role.TOWN_LEADER])
def test_no_one_else_reaches_the_calendar(client, town, role):
    places = {"department": town["dept_a"]} if role in (Role.DEPARTMENT_OFFICER, Role.DEPARTMENT_HEAD) else {}
    client.force_login(make_staff(role, **places))
    assert client.get("/calendar/").status_code == 302
    response = client.post(ADD, notice_form(2027, [("2027-02-05", "rest", "春节")]))
    assert (response.status_code == 302 and "/accounts/login/" in response.url) or "/calendar/login/" in response.url
    assert not HolidayNotice.objects.filter(year=2027).exists()
    assert not CalendarChange.objects.exists()


def test_a_visitor_is_sent_to_the_portal_login(client, town):
    response = client.get("/calendar/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=/calendar/")


def test_the_petition_office_does_not_reach_the_rest_of_the_admin(client, office):
    client.force_login(office)
    assert client.get("/admin/cases/case/").status_code == 302
    assert client.get("/calendar/cases/case/").status_code == 404


def test_saving_a_day_in_the_admin_recounts_the_cases_on_commit(
    client, office, town, django_capture_on_commit_callbacks
):
    zone = ZoneInfo("Asia/Shanghai")
    with time_machine.travel(datetime.combine(date(2026, 12, 7), time(10), tzinfo=zone), tick=False):
        case = make_case(grid=town["grid_a"], community=town["community_a"])
        case = services.case_route(case=case, by=office, lead_department=town["dept_a"], tier=case.tier)
        case = services.case_sign(case=case, by=make_staff(Role.DEPARTMENT_OFFICER, department=town["dept_a"]))
    assert case.reply_due_on == date(2027, 2, 9), "+60 = 除夕 2027, fixed holidays to 8 Feb"

    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ADD, notice_form(2027, [("2027-02-09", "rest", "春节"), ("2027-02-10", "rest", "春节")]))

    case = Case.objects.get(pk=case.pk)
    assert (case.reply_due_on, case.due_on) == (date(2027, 2, 11), date(2027, 2, 11))
    assert case.events.filter(kind=CaseEvent.Kind.DUE_DATES).count() == 1
