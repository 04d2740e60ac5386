"""The demo town: built twice, the same town."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cases.models import Case, CaseEvent, Category, Channel, Status
from grids.models import Community, Department, Platform, Role, StaffProfile, Zone
from open311.models import ApiKey

pytestmark = pytest.mark.django_db


def _counts() -> dict:
    return {
        "zones": Zone.objects.count(),
        "communities": Community.objects.count(),
        "departments": Department.objects.count(),
        "platforms": Platform.objects.count(),
        "halls": Platform.objects.filter(kind=Platform.Kind.HALL).count(),
        "cases": Case.objects.count(),
        "events": CaseEvent.objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_seed_demo_twice_gives_the_same_town(capsys):
    call_command("seed_demo")
    first = _counts()
    out = capsys.readouterr().out
    call_command("seed_demo")
    second = _counts()

    assert first == second
    assert first["zones"] == 5
    assert first["departments"] == 10
    assert first["platforms"] == 68
    assert first["halls"] == 1
    assert first["communities"] >= 20
    assert first["cases"] == 300
    assert "zq-demo-2026" in out
    assert "zq311_demo-key-2026" in out
    assert ApiKey.objects.count() == 1  # the demo client's key, once
    for role in Role:
        assert StaffProfile.objects.filter(role=role).exists(), role
        assert role.value in out


def test_the_demo_town_has_the_articles_places_and_cases():
    call_command("seed_demo")

    assert Community.objects.filter(name="银一居委").exists()
    assert Community.objects.filter(name__startswith="北桥").exists()
    pigeon = Case.objects.get(what_happened__contains="鸽")
    assert pigeon.community.name == "银一居委"
    assert pigeon.status == Status.CLOSED
    assert pigeon.tier.code == "community"
    post = Case.objects.get(what_happened__contains="邮局")
    assert post.tier.code == "town"
    assert post.events.filter(kind=CaseEvent.Kind.TIER).exists()


def test_the_demo_cases_are_spread_out():
    call_command("seed_demo")

    assert set(Case.objects.values_list("channel", flat=True)) == set(Channel.values)
    assert set(Case.objects.values_list("category", flat=True)) == set(Category.values)
    assert set(Case.objects.values_list("tier__code", flat=True)) >= {"building", "community", "town"}
    assert len(set(Case.objects.values_list("status", flat=True))) >= 6
    assert Case.objects.filter(is_group_visit=True).exists()
    assert Case.objects.filter(is_anonymous=True).exists()
    assert Case.objects.filter(is_level_skipping=True).exists()
    months = {d.month for d in Case.objects.values_list("received_at", flat=True)}
    assert len(months) == 12


def test_some_demo_petitioners_come_back_about_the_same_matter():
    call_command("seed_demo")

    repeats = list(Case.objects.filter(visit_kind="repeat").select_related("repeat_of"))
    assert len(repeats) >= 10  # the dashboard's repeat-petition rate is not 0 in the demo
    for case in repeats:
        first = case.repeat_of
        assert first.received_at < case.received_at and first.subject_id == case.subject_id
        assert set(first.case_petitioners.values_list("petitioner", flat=True)) == set(
            case.case_petitioners.values_list("petitioner", flat=True)
        )


def test_the_demo_town_texts_no_one():
    from notifications.models import Notification

    call_command("seed_demo")

    assert not Notification.objects.filter(channel="sms").exists()
