"""A report of misconduct against the petition office itself: the town's leaders triage it, on the same clock.

The petition office cannot (the accused rule hides the report from it), so without the leaders nobody but
the administrator could act; the clerk who took it still prints its receipt.
"""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from cases import actions, clock, services
from cases.models import Case, CaseReview, Category, Clock, Reminder, Status
from cases.policy import against_petition_office
from cases.reminders.sweep import reminders_sweep
from grids.models import Role
from notifications.models import Notification

from ...factories import DepartmentFactory, make_case, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(town):
    """The petition office as the demo town has it: a department whose staff triage and receive."""
    department = DepartmentFactory(code="petition", name="信访办")
    return {
        "department": department,
        "triager": make_staff(Role.PETITION_OFFICE, username="office", department=department),
        "clerk": make_staff(Role.RECEPTION, username="clerk", department=department, platform=town["hall"]),
        "leader": make_staff(Role.TOWN_LEADER, username="leader"),
        "officer": make_staff(Role.DEPARTMENT_OFFICER, username="officer", department=town["dept_a"]),
    }


def _report(town, office, received_at=None, **accused) -> Case:
    accused = accused or {"accused_department": office["department"]}
    user = accused.pop("accused_user", None)
    case = make_case(
        by=office["clerk"],
        platform=town["hall"],
        grid=town["grid_a"],
        category=Category.MISCONDUCT,
        what_happened="接待窗口推诿不受理",
        received_at=received_at or timezone.now(),
        **accused,
    )
    if user is not None:
        Case.objects.filter(pk=case.pk).update(accused_user=user)
    return Case.objects.get(pk=case.pk)


def test_it_knows_a_report_against_the_office_or_one_of_its_staff(town, office):
    assert against_petition_office(_report(town, office))
    assert against_petition_office(_report(town, office, accused_user=office["triager"]))
    assert not against_petition_office(_report(town, office, accused_department=town["dept_a"]))
    assert not against_petition_office(make_case(grid=town["grid_a"]))


def test_a_leader_finds_it_in_their_inbox_and_the_office_does_not(client, town, office):
    report = _report(town, office)
    ordinary = make_case(grid=town["grid_a"])

    client.force_login(office["leader"])
    page = client.get(reverse("handling:inbox"))
    assert page.status_code == 200
    assert [c.pk for c in page.context["page"]] == [report.pk]
    assert reverse("handling:inbox") in client.get(reverse("home")).content.decode()

    client.force_login(office["triager"])
    assert [c.pk for c in client.get(reverse("handling:inbox")).context["page"]] == [ordinary.pk]


def test_no_one_else_gets_an_inbox(client, town, office):
    client.force_login(office["officer"])

    assert client.get(reverse("handling:inbox")).status_code == 403


def test_a_leader_may_route_it_or_not_accept_it_from_the_case_page(client, town, office):
    report = _report(town, office)
    client.force_login(office["leader"])

    page = client.get(reverse("handling:case", args=[report.pk]))
    shown = {a["name"] for a in page.context["actions"]}
    assert {actions.ROUTE.name, actions.NOT_ACCEPT.name} <= shown

    done = services.case_route(case=report, by=office["leader"], lead_department=town["dept_a"], tier=report.tier)
    assert done.status == Status.ASSIGNED
    other = _report(town, office)
    refused = services.case_not_accept(
        case=other, by=office["leader"], reason="legal_procedure", explanation="请向纪检部门反映"
    )
    assert refused.status == Status.NOT_ACCEPTED


def test_a_leader_may_route_a_report_against_one_officer_of_the_office(town, office):
    report = _report(town, office, accused_user=office["triager"])

    done = services.case_route(case=report, by=office["leader"], lead_department=town["dept_a"], tier=report.tier)

    assert done.status == Status.ASSIGNED


def test_a_leader_does_not_triage_ordinary_cases_or_other_reports(client, town, office):
    ordinary = make_case(grid=town["grid_a"])
    against_a = _report(town, office, accused_department=town["dept_a"])

    for case in (ordinary, against_a):
        with pytest.raises(PermissionDenied):
            services.case_route(case=case, by=office["leader"], lead_department=town["dept_b"], tier=case.tier)
        client.force_login(office["leader"])
        page = client.get(reverse("handling:case", args=[case.pk]))
        assert actions.ROUTE.name not in {a["name"] for a in page.context["actions"]}
    assert Case.objects.filter(status=Status.REGISTERED).count() == 2


def test_the_clerk_who_took_it_prints_its_receipt_and_the_accused_clerk_does_not(client, town, office):
    report = _report(town, office)
    url = reverse("intake-receipt", args=[report.pk])

    client.force_login(office["clerk"])
    page = client.get(url)
    assert page.status_code == 200
    assert report.tracking_code in page.content.decode()

    colleague = make_staff(Role.RECEPTION, username="colleague", department=office["department"])
    client.force_login(colleague)
    assert client.get(url).status_code == 404

    against_clerk = _report(town, office, accused_user=office["clerk"])
    client.force_login(office["clerk"])
    assert client.get(reverse("intake-receipt", args=[against_clerk.pk])).status_code == 404


def _reminded(case: Case, clock_name: str = Clock.TRANSFER) -> set[str]:
    return set(
        Notification.objects.filter(
            subject_type=ContentType.objects.get_for_model(Reminder),
            subject_id__in=Reminder.objects.filter(case=case, clock=clock_name).values("pk"),
            channel=Notification.Channel.IN_APP,
        ).values_list("recipient__username", flat=True)
    )


def test_its_transfer_clock_reminds_the_leaders_never_the_office(town, office):
    today = clock.today()
    report = _report(town, office)
    against_one = _report(town, office, accused_user=office["triager"])
    ordinary = make_case(grid=town["grid_a"])
    Case.objects.filter(pk__in=[report.pk, against_one.pk, ordinary.pk]).update(transfer_due_on=today)

    reminders_sweep(today=today)

    assert _reminded(report) == {"leader"}
    assert _reminded(against_one) == {"leader"}
    assert _reminded(ordinary) == {"office"}


def test_a_late_report_against_the_office_still_reminds_only_the_leaders(town, office):
    today = clock.today()
    report = _report(town, office, received_at=timezone.now() - timedelta(days=2))
    Case.objects.filter(pk=report.pk).update(transfer_due_on=today - timedelta(days=1))

    reminders_sweep(today=today)

    assert _reminded(report) == {"leader"}


def test_its_review_clock_reminds_the_leaders_too(town, office):
    today = clock.today()
    report = _report(town, office)
    Case.objects.filter(pk=report.pk).update(status=Status.UNDER_REVIEW)
    CaseReview.objects.create(case=report, level=1, requested_at=report.received_at, reason="不服", due_on=today)

    reminders_sweep(today=today)

    assert _reminded(report, Clock.REVIEW) == {"leader"}
