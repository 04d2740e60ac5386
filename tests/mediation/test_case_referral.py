"""A case referred to mediation keeps its status and its clock; the mediation shows on its page and timeline."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseEvent, Status
from cases.services.triage import case_route
from grids.models import Role
from mediation.models import Mediation, Origin
from mediation.models import Status as MStatus
from mediation.services import consent_record, mediation_fail

from ..factories import make_case, make_staff
from .conftest import sign_all, written_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def routed(town, people):
    case = make_case(grid=town["grid_a"], community=town["community_a"])
    return case_route(case=case, by=people["office"], lead_department=town["dept_a"], tier=case.tier)


def _refer(client, case, **extra):
    data = {
        "refer_mediation-version": case.version,
        "refer_mediation-dispute_type": "neighbours",
        "refer_mediation-other_party": "李先生",
        **extra,
    }
    return client.post(reverse("handling:action", args=[case.pk, "refer_mediation"]), data)


def test_the_office_refers_a_case_which_stays_open_with_its_clock(client, committees, people, routed):
    client.force_login(people["office"])
    page = client.get(reverse("handling:case", args=[routed.pk])).content.decode()
    assert 'data-action="refer_mediation"' in page
    before = (routed.status, routed.acceptance_due_on, routed.transfer_due_on)

    assert _refer(client, routed).status_code == 302

    routed.refresh_from_db()
    assert (routed.status, routed.acceptance_due_on, routed.transfer_due_on) == before
    assert routed.status == Status.ASSIGNED
    mediation = Mediation.objects.get(case=routed)
    assert mediation.origin == Origin.CASE and mediation.committee == committees["yinyi"]
    assert [p.name for p in mediation.parties.all()] == ["张三", "李先生"]
    assert routed.events.filter(kind=CaseEvent.Kind.LINKED, detail="mediation_opened").count() == 1
    page = client.get(reverse("handling:case", args=[routed.pk])).content.decode()
    assert 'data-testid="mediation-panel"' in page and mediation.number in page
    assert 'data-action="refer_mediation"' not in page  # already in mediation


def test_a_case_not_yet_routed_or_a_stranger_cannot_be_referred(client, committees, people, town):
    case = make_case(grid=town["grid_a"], community=town["community_a"])
    client.force_login(people["office"])
    assert _refer(client, case).status_code == 409
    routed = case_route(case=case, by=people["office"], lead_department=town["dept_a"], tier=case.tier)
    client.force_login(people["outsider"])
    assert _refer(client, routed).status_code in (403, 404)
    assert not Mediation.objects.exists()


def test_a_referral_without_the_other_party_is_refused_and_nothing_is_opened(client, committees, people, routed):
    client.force_login(people["office"])
    assert _refer(client, routed, **{"refer_mediation-other_party": ""}).status_code == 400
    assert not Mediation.objects.exists()


def test_the_lead_departments_officer_may_refer_too(client, committees, people, routed, town):
    officer = make_staff(Role.DEPARTMENT_OFFICER, department=town["dept_a"])
    client.force_login(officer)
    assert _refer(client, routed).status_code == 302


def test_a_failed_mediation_goes_back_to_the_case_with_its_result_on_the_timeline(client, committees, people, routed):
    client.force_login(people["office"])
    _refer(client, routed)
    mediation = Mediation.objects.get()
    mediation_fail(mediation=mediation, by=people["mediator"], reason="对方拒不到场", told_court=True)
    event = routed.events.get(kind=CaseEvent.Kind.LINKED, detail="mediation_failed")
    assert "对方拒不到场" in event.note
    routed.refresh_from_db()
    assert routed.status == Status.ASSIGNED


def test_an_agreement_in_effect_is_told_on_the_case_timeline(client, committees, people, routed):
    client.force_login(people["office"])
    _refer(client, routed)
    mediation = Mediation.objects.get()
    for party in mediation.parties.all():
        consent_record(mediation=mediation, party=party, by=people["mediator"], consent="given")
    sign_all(written_agreement(mediation), date(2026, 3, 2), by=people["mediator"])
    mediation.refresh_from_db()
    assert mediation.status == MStatus.AGREED
    assert routed.events.filter(kind=CaseEvent.Kind.LINKED, detail="mediation_agreed", is_public=True).count() == 1


def test_the_dashboard_shows_the_mediation_figures_per_committee_with_links(client, committees, people, routed):
    client.force_login(people["office"])
    _refer(client, routed)
    today = timezone.localdate()
    query = {"start": (today - timedelta(days=7)).isoformat(), "end": today.isoformat()}
    body = client.get(reverse("dashboard:dashboard"), query).content.decode()
    assert 'data-testid="mediation-section"' in body
    assert "银一居委人民调解委员会" in body
    assert f"committee={committees['yinyi'].pk}" in body


def test_a_case_closed_or_not_accepted_is_not_referred(client, committees, people, routed):
    from cases.models import NotAcceptedReason
    from cases.services import ActionNotAllowed, case_not_accept
    from mediation.services import mediation_refer_case

    case = make_case(community=routed.community)
    case = case_not_accept(case=case, by=people["office"], reason=NotAcceptedReason.LEGAL_PROCEDURE, explanation="起诉")
    with pytest.raises(ActionNotAllowed):
        mediation_refer_case(case=case, by=people["office"], dispute_type="neighbours", other_party="李先生")
    assert not Mediation.objects.exists()
