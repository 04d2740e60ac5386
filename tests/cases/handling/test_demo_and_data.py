"""The demo town's cases walked through the real services, the one-case visibility rule, and the clock backfill."""

import importlib
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db.models import F, Q
from django.utils import timezone

from cases.models import Case, CaseEvent, Category, ExtensionStatus, Status
from cases.policy import case_is_visible_to, cases_visible_to
from demo.prevention import POST_OFFICE_ADDRESS
from grids.models import Role
from prevention.models import Visit

from ...factories import make_case, make_staff

pytestmark = pytest.mark.django_db


def test_the_demo_town_walks_every_case_through_the_real_services():
    call_command("seed_demo", stdout=StringIO())
    cases = Case.objects.all()

    # Each case carries the clock of the step it is at.
    assert not cases.filter(status=Status.REGISTERED).exclude(due_on=F("transfer_due_on")).exists()
    assert not cases.filter(status=Status.ASSIGNED).exclude(due_on=F("acceptance_due_on")).exists()
    assert not cases.filter(status=Status.ASSIGNED, routed_at__isnull=True).exists()
    in_progress = cases.filter(status=Status.IN_PROGRESS)
    assert not in_progress.filter(category=Category.RELIEF).exclude(due_on=F("reply_due_on")).exists()
    # A suggestion or a report of misconduct has no 60-day clock.
    assert not in_progress.exclude(category=Category.RELIEF).filter(reply_due_on__isnull=False).exists()
    assert not cases.filter(status=Status.IN_PROGRESS, accepted_at__isnull=True).exists()
    answered = cases.filter(status__in=[Status.REPLIED, Status.CLOSED])
    assert not answered.filter(Q(replied_at__isnull=True) | Q(resolved_tier__isnull=True)).exists()
    assert not answered.filter(category=Category.RELIEF).filter(Q(outcome="") | Q(reply_legal_basis="")).exists()
    assert not answered.exclude(category=Category.RELIEF).exclude(outcome="").exists()
    assert not answered.filter(answer_delivered_on__isnull=True, review_level=0).exists(), "each reply delivered"
    assert not answered.exclude(due_on=None).exists()
    assert not cases.filter(status=Status.UNDER_REVIEW).exclude(due_on=F("reviews__due_on")).exists()
    assert not cases.filter(
        status__in=[Status.NOT_ACCEPTED, Status.NOT_ACCEPTED_AGAIN], not_accepted_reason=""
    ).exists()
    assert not cases.filter(rated_at__isnull=False, satisfaction="").exists()
    assert not cases.filter(replied_at__lt=F("accepted_at")).exists()
    assert not CaseEvent.objects.filter(at__gt=timezone.now()).exists()

    # Every kind of step is there to look at.
    assert cases.filter(status=Status.REGISTERED).count() >= 10, "the inbox has work"
    assert cases.filter(extension_status=ExtensionStatus.GRANTED).exists()
    assert cases.filter(review_level=1).exists()
    assert cases.filter(needs_attention=True).exists()
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.TIER).exists()
    assert cases.filter(status=Status.IN_PROGRESS, due_on__lt=timezone.localdate()).exists(), "some are late"
    resolved_at = set(cases.exclude(resolved_tier=None).values_list("resolved_tier__code", flat=True))
    assert resolved_at >= {"building", "community", "town"}

    # The article's two cases end where the article says.
    pigeon = cases.get(submission_key="demo-article-pigeon")
    # 佘老伯's case was opened from the door-to-door visit that found it.
    post_office = Visit.objects.select_related("case").get(address=POST_OFFICE_ADDRESS, case__isnull=False).case
    assert (pigeon.status, pigeon.resolved_tier.code) == (Status.CLOSED, "community")
    assert (post_office.status, post_office.resolved_tier.code) == (Status.CLOSED, "town")

    # No report of misconduct is handled by the department it accuses.
    reports = cases.filter(category=Category.MISCONDUCT)
    assert reports.exists()
    assert not reports.filter(lead_department=F("accused_department")).exists()
    assert not reports.filter(assisting_departments=F("accused_department")).exists()


def test_one_case_in_hand_is_visible_exactly_when_the_queue_rule_says_so(town, people, django_user_model):
    accused_office = make_staff(Role.PETITION_OFFICE)
    ordinary = make_case(grid=town["grid_a"])
    Case.objects.filter(pk=ordinary.pk).update(lead_department=town["dept_a"])
    against_dept = make_case(grid=town["grid_a"], category=Category.MISCONDUCT, accused_department=town["dept_a"])
    Case.objects.filter(pk=against_dept.pk).update(lead_department=town["dept_a"])
    against_person = make_case(grid=town["grid_b"], category=Category.MISCONDUCT)
    Case.objects.filter(pk=against_person.pk).update(accused_user=accused_office)
    against_leader = make_case(category=Category.MISCONDUCT)
    Case.objects.filter(pk=against_leader.pk).update(accused_user=people["leader"])
    users = [
        *people.values(),
        accused_office,
        make_staff(Role.ADMINISTRATOR),
        django_user_model.objects.create_user("norole", password="x" * 12),
        AnonymousUser(),
    ]

    for case in Case.objects.all():
        for user in users:
            expected = user.is_authenticated and cases_visible_to(user).filter(pk=case.pk).exists()
            assert case_is_visible_to(user, case) == expected, (user, case)


def test_the_backfill_gives_older_cases_their_clock_from_the_timeline(town, people, case_at):
    backfill = importlib.import_module("cases.migrations.0003_backfill_clock").backfill
    case = case_at(Status.IN_PROGRESS)
    accepted = case.accepted_at
    Case.objects.filter(pk=case.pk).update(
        transfer_due_on=None, routed_at=None, accepted_at=None, reply_due_on=None, due_on=None
    )

    backfill(apps, None)

    case.refresh_from_db()
    assert case.accepted_at == accepted
    assert case.transfer_due_on is not None and case.routed_at is not None
    assert case.due_on == case.reply_due_on == timezone.localdate(accepted) + timedelta(days=60)


def test_the_tier_target_backfill_counts_from_entering_the_tier(town, people, case_at):
    backfill = importlib.import_module("cases.migrations.0004_case_tier_due_on").backfill
    case = case_at(Status.IN_PROGRESS)
    expected = case.tier_due_on
    Case.objects.filter(pk=case.pk).update(tier_due_on=None)

    backfill(apps, None)

    case.refresh_from_db()
    assert case.tier_due_on == expected == timezone.localdate(case.tier_entered_at) + timedelta(days=15)
