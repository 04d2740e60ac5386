"""A calendar change recounts exactly the stored due dates it touches, notes each move on the case's timeline,
and the queue, the reminders and the dashboard follow the stored dates."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from cases import services
from cases.models import Case, CaseEvent, CaseReview, Clock, Outcome, Reminder, Status
from cases.reminders.sweep import reminders_sweep
from cases.services.due_dates import due_dates_recount
from dashboard import cube
from dashboard.models import DashboardDirtyDay
from grids.models import Role
from workcalendar.models import CalendarDay, HolidayNotice

from ..factories import make_case, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("work_calendar")]

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 10) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(hour), tzinfo=SHANGHAI)


def on(day: str):
    return time_machine.travel(at(day), tick=False)


@pytest.fixture
def cast(town):
    return {
        "office": make_staff(Role.PETITION_OFFICE, username="office"),
        "officer": make_staff(Role.DEPARTMENT_OFFICER, username="officer", department=town["dept_a"]),
        "head": make_staff(Role.DEPARTMENT_HEAD, username="head", department=town["dept_a"]),
    }


@pytest.fixture
def cases(town, cast):
    """Cases whose dates fall before, in and after the Spring Festival of 2027 (no 2027 notice yet)."""

    def registered(day: str) -> Case:
        with on(day):
            return make_case(grid=town["grid_a"], community=town["community_a"], received_at=at(day))

    def signed(received: str, signed_on: str, extension: int = 0) -> Case:
        case = registered(received)
        with on(received):
            case = services.case_route(case=case, by=cast["office"], lead_department=town["dept_a"], tier=case.tier)
        with on(signed_on):
            case = services.case_sign(case=case, by=cast["officer"])
            if extension:
                case = services.case_ask_extension(case=case, by=cast["officer"], days=extension, reason="鉴定")
                case = services.case_decide_extension(case=case, by=cast["head"], approve=True)
        return case

    made = {
        # +60 = Fri 5 Feb 2027 (除夕): 9 Feb by the fixed holidays, 12 Feb once the notice rests 5-11 Feb.
        "reply_in_festival": signed("2026-12-04", "2026-12-07"),
        # +63 with an extension of 3 days: Mon 8 Feb 2027, the same moves.
        "extended": signed("2026-12-04", "2026-12-07", extension=3),
        # +60 = Thu 31 Dec 2026: before the change, never counted again.
        "before": signed("2026-10-28", "2026-11-01"),
        # +60 = Thu 18 Feb 2027: after the change but not on a changed day: counted, not moved.
        "after_unmoved": signed("2026-12-17", "2026-12-20"),
        # Transfer +15 = Fri 11 Dec 2026: untouched.
        "transfer": registered("2026-11-26"),
    }
    # Replied already: its reply date (history, read by the on-time rate) moves, its next due date stays empty.
    replied = signed("2026-12-07", "2026-12-10")
    with on("2026-12-20"):
        made["replied"] = services.case_reply(
            case=replied,
            by=cast["officer"],
            outcome=Outcome.UPHELD,
            text="已处理",
            legal_basis="《信访工作条例》第三十二条",
        )
    # Under review: asked on 6 Jan 2027, decision +30 = Fri 5 Feb 2027.
    reviewed = signed("2026-10-20", "2026-10-22")
    with on("2026-12-28"):
        reviewed = services.case_reply(
            case=reviewed,
            by=cast["officer"],
            outcome=Outcome.UPHELD,
            text="已处理",
            legal_basis="《信访工作条例》第三十二条",
        )
    with on("2027-01-06"):
        made["under_review"] = services.case_request_review(case=reviewed, reason="不服")
    return made


def enter_spring_festival_2027() -> None:
    """A 2027 notice as the town enters it: 元旦 1 January, and 春节 5-11 February (a longer rest than the fixed
    four days)."""
    notice = HolidayNotice.objects.create(year=2027, title="国务院办公厅关于2027年部分节假日安排的通知")
    CalendarDay.objects.create(notice=notice, day=date(2027, 1, 1), kind=CalendarDay.Kind.REST, name="元旦")
    for offset in range(7):
        day = date(2027, 2, 5) + timedelta(days=offset)
        CalendarDay.objects.create(notice=notice, day=day, kind=CalendarDay.Kind.REST, name="春节")


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def test_the_dates_before_the_notice_are_counted_on_the_fixed_holidays(cases):
    assert fresh(cases["reply_in_festival"]).reply_due_on == date(2027, 2, 9)
    assert fresh(cases["extended"]).reply_due_on == date(2027, 2, 9)
    assert fresh(cases["under_review"]).due_on == date(2027, 2, 9)


def test_entering_the_notice_moves_exactly_the_dates_it_touches_and_notes_each_on_the_timeline(
    cases, django_capture_on_commit_callbacks
):
    events_before = {name: fresh(case).events.count() for name, case in cases.items()}

    # As the admin saves it: the recount is queued when the change commits (tasks run in-process in tests).
    with django_capture_on_commit_callbacks(execute=True):
        enter_spring_festival_2027()

    moved = fresh(cases["reply_in_festival"])
    assert (moved.reply_due_on, moved.due_on) == (date(2027, 2, 12), date(2027, 2, 12))
    extended = fresh(cases["extended"])
    assert (extended.reply_due_on, extended.due_on) == (date(2027, 2, 12), date(2027, 2, 12))
    replied = fresh(cases["replied"])
    assert (replied.reply_due_on, replied.due_on) == (date(2027, 2, 12), None)
    review = fresh(cases["under_review"])
    assert review.due_on == date(2027, 2, 12)
    assert CaseReview.objects.get(case=review, level=1).due_on == date(2027, 2, 12)

    assert fresh(cases["before"]).reply_due_on == date(2026, 12, 31)
    assert fresh(cases["after_unmoved"]).reply_due_on == date(2027, 2, 18)
    assert fresh(cases["transfer"]).transfer_due_on == date(2026, 12, 11)

    for name in ("reply_in_festival", "extended", "replied", "under_review"):
        case = fresh(cases[name])
        recounts = list(case.events.filter(kind=CaseEvent.Kind.DUE_DATES))
        assert len(recounts) == 1, name
        assert "2027-02-09 → 2027-02-12" in recounts[0].note
        assert not recounts[0].is_public and recounts[0].actor is None
    for name in ("before", "after_unmoved", "transfer"):
        assert fresh(cases[name]).events.count() == events_before[name], name


def test_a_second_recount_moves_nothing_and_a_full_one_agrees(cases):
    enter_spring_festival_2027()
    first = due_dates_recount(first_day=date(2027, 1, 1))
    moved = ("reply_in_festival", "extended", "replied", "under_review")
    assert sorted(first.moved) == sorted(cases[n].pk for n in moved)
    assert first.checked == 5, "the two cases due before 2027 are not even read"
    assert due_dates_recount(first_day=date(2027, 1, 1)).moved == []
    assert due_dates_recount().moved == []


def test_a_page_read_before_the_recount_is_stale(cases, cast):
    case = fresh(cases["reply_in_festival"])
    enter_spring_festival_2027()
    due_dates_recount(first_day=date(2027, 1, 1))
    with pytest.raises(services.CaseConflict):
        services.case_add_note(case=case, by=cast["officer"], text="进展", expected_version=case.version)


def test_reminders_follow_the_moved_date(cases):
    enter_spring_festival_2027()
    due_dates_recount(first_day=date(2027, 1, 1))
    reminders_sweep(today=date(2027, 2, 9))

    reminders = Reminder.objects.filter(case=cases["reply_in_festival"], clock=Clock.REPLY)
    assert {(r.due_on, r.offset_days) for r in reminders} == {(date(2027, 2, 12), -3)}


def test_the_dashboard_recounts_the_days_of_the_moved_cases(cases):
    cube.refresh()
    assert not DashboardDirtyDay.objects.exists()
    enter_spring_festival_2027()
    due_dates_recount(first_day=date(2027, 1, 1))

    dirty = set(DashboardDirtyDay.objects.values_list("day", flat=True))
    assert dirty == {date(2026, 12, 4), date(2026, 12, 7), date(2026, 10, 20)}


def test_the_command_recounts_and_says_what_it_did(cases, capsys):
    enter_spring_festival_2027()
    call_command("recount_due_dates", "--since", "2027-01-01", "--dry-run")
    assert "5 cases checked, 4 would move" in capsys.readouterr().out
    assert fresh(cases["reply_in_festival"]).reply_due_on == date(2027, 2, 9), "a dry run writes nothing"

    call_command("recount_due_dates")
    assert "7 cases checked, 4 moved" in capsys.readouterr().out
    assert fresh(cases["reply_in_festival"]).reply_due_on == date(2027, 2, 12)
    assert fresh(cases["reply_in_festival"]).status == Status.IN_PROGRESS
