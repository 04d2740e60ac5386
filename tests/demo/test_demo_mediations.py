"""The demo town's mediations: the article's pigeon loft with its team, and a dozen more outcomes."""

import pytest
from django.core.management import call_command

from cases.models import CaseEvent
from demo.mediations import seed_mediations
from mediation.models import Committee, Mediation, Status

pytestmark = pytest.mark.django_db


def test_the_demo_town_tells_the_pigeon_loft_mediation_and_a_dozen_more_once():
    call_command("seed_demo")
    count = Mediation.objects.count()
    assert seed_mediations() == 0 and Mediation.objects.count() == count

    pigeon = Mediation.objects.get(subject__contains="鸽棚")
    assert pigeon.committee.community.name == "银一居委"
    assert pigeon.status == Status.AGREED and pigeon.case is not None
    assert pigeon.sessions.count() >= 3  # repeated visits
    assert {p.role.code for p in pigeon.participants.all()} >= {"petition-officer", "petition-agent", "enforcement"}
    assert all(t.performed_on for t in pigeon.agreement.terms.all())
    assert pigeon.case.events.filter(kind=CaseEvent.Kind.LINKED, detail="mediation_agreed").exists()

    assert count >= 13
    assert set(Mediation.objects.values_list("status", flat=True)) == set(Status.values)
    assert Committee.objects.filter(level="town").count() == 1
    assert Committee.objects.get(community__code="yinyi").mediators.filter(user__username="mediator").exists()
