"""The reminder sweep: every clock, every offset, the right people, never twice."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, CaseAssignment, CaseReview, Category, Clock, Reminder, Status
from cases.reminders.sweep import reminders_sweep
from grids.models import GridTier, Role
from notifications.models import Notification

from ...factories import make_case, make_staff

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 16)  # a Monday


@pytest.fixture
def cast(town):
    return {
        "office": make_staff(Role.PETITION_OFFICE, username="office"),
        "officer": make_staff(Role.DEPARTMENT_OFFICER, username="officer", department=town["dept_a"]),
        "head": make_staff(Role.DEPARTMENT_HEAD, username="head", department=town["dept_a"]),
        "other": make_staff(Role.DEPARTMENT_OFFICER, username="other", department=town["dept_b"]),
        "grid": make_staff(Role.GRID_WORKER, username="grid", community=town["community_a"], grid=town["grid_a"]),
        "community": make_staff(Role.COMMUNITY_STAFF, username="community", community=town["community_a"]),
        "leader": make_staff(Role.TOWN_LEADER, username="leader"),
    }


def _case(town, status: str, **fields) -> Case:
    case = make_case(grid=town["grid_a"])
    fields.setdefault("lead_department", town["dept_a"])
    Case.objects.filter(pk=case.pk).update(status=status, **fields)
    return Case.objects.get(pk=case.pk)


CLOCK_SETUPS = {
    Clock.TRANSFER: (Status.REGISTERED, "transfer_due_on"),
    Clock.ACCEPTANCE: (Status.ASSIGNED, "acceptance_due_on"),
    Clock.OBJECTION: (Status.ASSIGNED, "objection_due_on"),
    Clock.REPLY: (Status.IN_PROGRESS, "reply_due_on"),
    Clock.TIER: (Status.IN_PROGRESS, "tier_due_on"),
}


def _about_reminders(**lookup):
    """The notifications whose subject is a reminder matching `lookup`."""
    return Notification.objects.filter(
        subject_type=ContentType.objects.get_for_model(Reminder),
        subject_id__in=Reminder.objects.filter(**lookup).values("pk"),
    )


def _recipients(clock: str) -> set[str]:
    return set(
        _about_reminders(clock=clock)
        .filter(channel=Notification.Channel.IN_APP)
        .values_list("recipient__username", flat=True)
    )


@pytest.mark.parametrize("clock", list(CLOCK_SETUPS))
@pytest.mark.parametrize(
    ("days_before_due", "offset"),
    [(4, None), (3, -3), (2, -3), (1, -1), (0, 0), (-1, 1), (-5, 5)],
    ids=["4-before", "3-before", "2-before", "1-before", "due-day", "1-late", "5-late"],
)
def test_each_clock_reminds_at_each_offset(town, cast, clock, days_before_due, offset):
    status, column = CLOCK_SETUPS[clock]
    due = TODAY + timedelta(days=days_before_due)
    case = _case(town, status, **{column: due})

    reminders_sweep(today=TODAY)

    found = list(Reminder.objects.filter(case=case, clock=clock).values_list("offset_days", flat=True))
    if clock == Clock.TIER and (offset is None or offset < 1):
        assert found == ([offset] if offset is not None else [])
    elif clock == Clock.OBJECTION and offset is not None and offset > 0:
        assert found == []  # an objection window closes; there is nothing to be late for
    else:
        assert found == ([offset] if offset is not None else [])


def test_a_second_sweep_creates_nothing(town, cast):
    _case(town, Status.IN_PROGRESS, reply_due_on=TODAY)
    first = reminders_sweep(today=TODAY)
    notes = Notification.objects.count()

    second = reminders_sweep(today=TODAY)

    assert first.reminders == 1 and first.notifications > 0
    assert (second.reminders, second.notifications) == (0, 0)
    assert Notification.objects.count() == notes


def test_overdue_reminders_come_daily_and_a_missed_day_is_caught_up(town, cast):
    case = _case(town, Status.IN_PROGRESS, reply_due_on=TODAY)
    for day in (TODAY, TODAY + timedelta(days=1), TODAY + timedelta(days=3)):
        reminders_sweep(today=day)

    assert sorted(Reminder.objects.filter(case=case).values_list("offset_days", flat=True)) == [0, 1, 3]


def test_an_extension_moves_the_reminders_to_the_new_date(town, cast):
    case = _case(town, Status.IN_PROGRESS, reply_due_on=TODAY + timedelta(days=1))
    reminders_sweep(today=TODAY)
    Case.objects.filter(pk=case.pk).update(reply_due_on=TODAY + timedelta(days=31))

    reminders_sweep(today=TODAY + timedelta(days=1))
    reminders_sweep(today=TODAY + timedelta(days=28))

    assert list(
        Reminder.objects.filter(case=case, clock=Clock.REPLY).order_by("pk").values_list("due_on", "offset_days")
    ) == [
        (TODAY + timedelta(days=1), -1),
        (TODAY + timedelta(days=31), -3),
    ]


def test_a_due_date_after_national_day_is_reminded_on_working_days(town, cast):
    """The clock moves a limit ending in the October holiday to the first working day after it."""
    from cases.clock import add_days

    due = add_days(date(2026, 9, 2), 30)  # would be 2 October, inside the National Day holiday
    assert due > date(2026, 10, 7)
    case = _case(town, Status.IN_PROGRESS, reply_due_on=due)

    reminders_sweep(today=date(2026, 10, 2))
    assert not Reminder.objects.filter(case=case).exists()
    reminders_sweep(today=due)
    assert list(Reminder.objects.filter(case=case).values_list("offset_days", flat=True)) == [0]


def test_the_department_is_told_and_its_head_once_it_is_late(town, cast):
    case = _case(town, Status.IN_PROGRESS, reply_due_on=TODAY + timedelta(days=1))
    CaseAssignment.objects.create(case=case, user=cast["grid"])
    reminders_sweep(today=TODAY)
    assert _recipients(Clock.REPLY) == {"officer", "grid"}

    reminders_sweep(today=TODAY + timedelta(days=2))
    late = set(_about_reminders(offset_days=1).filter(channel="in_app").values_list("recipient__username", flat=True))
    assert late == {"officer", "grid", "head"}
    assert "other" not in set(Notification.objects.values_list("recipient__username", flat=True))


def test_the_town_office_hears_of_a_long_overdue_case(town, cast, settings):
    settings.REMINDER_TOWN_OFFICE_AFTER_DAYS = 7
    _case(town, Status.IN_PROGRESS, reply_due_on=TODAY - timedelta(days=6))
    reminders_sweep(today=TODAY)
    assert "leader" not in _recipients(Clock.REPLY)

    reminders_sweep(today=TODAY + timedelta(days=1))
    assert "leader" in _recipients(Clock.REPLY)


def test_the_petition_office_is_told_about_transfer_and_reviews(town, cast):
    _case(town, Status.REGISTERED, transfer_due_on=TODAY)
    replied = _case(town, Status.UNDER_REVIEW)
    CaseReview.objects.create(case=replied, level=1, requested_at=replied.received_at, reason="不服", due_on=TODAY)
    reminders_sweep(today=TODAY)

    assert _recipients(Clock.TRANSFER) == {"office"}
    assert _recipients(Clock.REVIEW) == {"office"}


def test_past_the_tier_target_the_next_tier_up_is_told(town, cast):
    case = _case(town, Status.IN_PROGRESS, tier_due_on=TODAY - timedelta(days=1))
    assert case.tier.code == GridTier.BUILDING
    reminders_sweep(today=TODAY)

    assert _recipients(Clock.TIER) == {"community", "grid"}
    assert set(_about_reminders(clock=Clock.TIER).values_list("kind", flat=True)) == {"escalation"}


def test_a_misconduct_report_never_reminds_the_accused(town, cast):
    case = _case(
        town,
        Status.IN_PROGRESS,
        reply_due_on=TODAY,
        category=Category.MISCONDUCT,
        accused_department=town["dept_a"],
        lead_department=town["dept_b"],
    )
    accused_person = make_staff(Role.DEPARTMENT_OFFICER, username="accused", department=town["dept_b"])
    Case.objects.filter(pk=case.pk).update(accused_user=accused_person)
    CaseAssignment.objects.create(case=case, user=cast["officer"])  # wrongly assigned to the accused unit
    reminders_sweep(today=TODAY)

    told = _recipients(Clock.REPLY)
    assert "officer" not in told and "head" not in told and "accused" not in told
    assert told == {"other"}


def test_a_misconduct_report_naming_no_person_still_reminds_the_staff_of_no_department(town, cast):
    case = _case(
        town, Status.REGISTERED, transfer_due_on=TODAY, category=Category.MISCONDUCT, accused_department=town["dept_a"]
    )
    reminders_sweep(today=TODAY)

    assert Reminder.objects.filter(case=case).exists()
    assert _recipients(Clock.TRANSFER) == {"office"}


def test_closed_and_not_accepted_cases_are_not_reminded(town, cast):
    for status in (Status.CLOSED, Status.NOT_ACCEPTED, Status.REPLIED):
        _case(town, status, reply_due_on=TODAY, transfer_due_on=TODAY)
    assert reminders_sweep(today=TODAY).reminders == 0


def test_staff_with_an_email_get_it_by_email_too(town, cast):
    cast["officer"].email = "officer@zhuanqiao.example"
    cast["officer"].save()
    _case(town, Status.IN_PROGRESS, reply_due_on=TODAY)
    reminders_sweep(today=TODAY)

    emails = Notification.objects.filter(channel=Notification.Channel.EMAIL)
    assert list(emails.values_list("recipient__username", "state")) == [("officer", "pending")]


def test_inactive_staff_are_not_told(town, cast):
    cast["officer"].is_active = False
    cast["officer"].save()
    _case(town, Status.IN_PROGRESS, reply_due_on=TODAY)
    reminders_sweep(today=TODAY)
    assert "officer" not in _recipients(Clock.REPLY)


def _sweep_queries(day: date) -> int:
    with CaptureQueriesContext(connection) as ctx:
        reminders_sweep(today=day)
    return len(ctx.captured_queries)


def test_the_sweep_makes_the_same_number_of_queries_for_2_or_200_cases(town, cast):
    for _ in range(2):
        _case(town, Status.IN_PROGRESS, reply_due_on=TODAY)
    small = _sweep_queries(TODAY)
    template = Case.objects.first()
    Case.objects.bulk_create(
        Case(
            tracking_code=f"Q{i:03d}-AAAA"[:9],
            channel=template.channel,
            platform=template.platform,
            received_at=template.received_at,
            what_happened="x",
            request="y",
            tier=template.tier,
            status=Status.IN_PROGRESS,
            lead_department=town["dept_a"],
            reply_due_on=TODAY + timedelta(days=1),
        )
        for i in range(200)
    )
    large = _sweep_queries(TODAY + timedelta(days=1))
    assert small == large


def test_send_reminders_runs_the_sweep_once_and_says_how_many(town, cast, capsys):
    from django.core.management import call_command

    _case(town, Status.IN_PROGRESS, reply_due_on=TODAY)
    with time_machine.travel(date(2026, 11, 16), tick=False):
        call_command("send_reminders")
        first = capsys.readouterr().out
        call_command("send_reminders")
        second = capsys.readouterr().out

    assert re.findall(r"\d+", first)[0] == "1"
    assert re.findall(r"\d+", second)[0] == "0"
