"""The demo town's prevention stories: built once however often the demo is seeded."""

import pytest
from django.core.management import call_command

from cases.models import Case, CaseEvent, Channel
from prevention.models import Council, Meeting, OathCeremony, RiskItem, Visit

pytestmark = pytest.mark.django_db


def test_the_beiqiao_visit_opened_the_post_office_case_and_the_stories_are_there_once():
    call_command("seed_demo")
    call_command("seed_demo")

    post = Case.objects.get(what_happened__contains="邮局")
    assert post.channel == Channel.PATROL
    assert Visit.objects.get(case=post).resident_name == "佘老伯"
    assert post.events.filter(kind=CaseEvent.Kind.LINKED, detail="visit_found").count() == 1
    assert set(RiskItem.objects.values_list("level", flat=True)) == {"low", "medium", "high", "major"}
    meeting = Meeting.objects.get(title__contains="鸽棚")
    assert meeting.agenda.filter(case__what_happened__contains="鸽").exists()
    assert meeting.actions.count() == 2
    assert Council.objects.filter(is_published=True).count() == 1
    assert OathCeremony.objects.count() == 1
