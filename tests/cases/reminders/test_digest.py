"""The daily digest per department."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases.models import Case, Category, Status
from cases.reminders.digest import digests_send
from grids.models import Role
from notifications.models import Notification

from ...factories import make_case, make_staff

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 16)


def test_each_department_gets_its_own_figures_once_a_day(town):
    make_staff(Role.DEPARTMENT_OFFICER, username="a1", department=town["dept_a"])
    make_staff(Role.DEPARTMENT_HEAD, username="a2", department=town["dept_a"], email="a2@zhuanqiao.example")
    make_staff(Role.DEPARTMENT_OFFICER, username="b1", department=town["dept_b"])
    for due, status in ((TODAY - timedelta(days=2), Status.IN_PROGRESS), (TODAY + timedelta(days=1), Status.ASSIGNED)):
        case = make_case()
        Case.objects.filter(pk=case.pk).update(
            status=status, lead_department=town["dept_a"], due_on=due, routed_at=timezone.now()
        )
    closed = make_case()
    Case.objects.filter(pk=closed.pk).update(status=Status.CLOSED, lead_department=town["dept_a"], due_on=TODAY)

    created = digests_send(today=TODAY)

    a1 = Notification.objects.get(recipient__username="a1")
    assert "1" in a1.title and "城管执法中队" in a1.title
    b1 = Notification.objects.get(recipient__username="b1")
    assert "房管办" in b1.title
    assert Notification.objects.filter(recipient__username="a2", channel="email").exists()
    assert created == 4
    assert digests_send(today=TODAY) == 0


def test_the_digest_never_counts_a_report_for_the_person_it_accuses(town):
    accused = make_staff(Role.DEPARTMENT_OFFICER, username="accused", department=town["dept_a"])
    make_staff(Role.DEPARTMENT_OFFICER, username="colleague", department=town["dept_a"])
    report = make_case(category=Category.MISCONDUCT)
    Case.objects.filter(pk=report.pk).update(
        status=Status.IN_PROGRESS,
        lead_department=town["dept_a"],
        accused_user=accused,
        due_on=TODAY - timedelta(days=2),
        routed_at=timezone.now(),
    )

    digests_send(today=TODAY)

    assert "0件超期" in Notification.objects.get(recipient__username="accused").title
    assert "1件超期" in Notification.objects.get(recipient__username="colleague").title
