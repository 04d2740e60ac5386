"""Door-to-door visits: recorded, opening exactly one case, attached, shown on the case page, scoped."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseEvent, Channel
from grids.models import Role
from prevention.models import RosterPerson, RosterRole, Visit
from prevention.services import visit_open_case, visit_record

from ..factories import make_case, make_staff

pytestmark = pytest.mark.django_db


def _visit(town, by, **overrides):
    fields = {
        "by": by,
        "visited_on": timezone.localdate(),
        "community": town["community_b"],
        "grid": town["grid_b"],
        "address": "北桥路1号",
        "resident_name": "佘老伯",
        "resident_phone": "13912345678",
        "reason": Visit.Reason.VULNERABLE,
        "asked": "希望邮局恢复柜台缴费",
    }
    fields.update(overrides)
    return visit_record(**fields)


@pytest.fixture
def worker(town):
    return make_staff(Role.GRID_WORKER, community=town["community_b"], grid=town["grid_b"])


def test_a_visit_opens_exactly_one_case_even_when_the_form_is_sent_twice(town, worker):
    visit = _visit(town, worker)
    first = visit_open_case(visit=visit, by=worker, what_happened="无法用手机缴费", request="恢复柜台缴费")
    second = visit_open_case(visit=Visit.objects.get(pk=visit.pk), by=worker, what_happened="x", request="y")

    assert first.pk == second.pk
    assert Case.objects.count() == 1
    assert first.channel == Channel.PATROL
    assert Visit.objects.get(pk=visit.pk).case_id == first.pk
    assert first.events.filter(kind=CaseEvent.Kind.LINKED, detail="visit_found").count() == 1


def test_a_visit_opening_a_case_posted_twice_through_the_page_leaves_one_case(town, worker, client):
    visit = _visit(town, worker)
    client.force_login(worker)
    url = reverse("prevention:visit", args=[visit.pk])
    data = {"open": "1", "open-what_happened": "无法用手机缴费", "open-request": "恢复柜台缴费"}
    assert client.post(url, data).status_code == 302
    client.post(url, data)
    assert Case.objects.count() == 1


def test_the_case_page_lists_the_visits_that_found_it(town, worker, client):
    visit = _visit(town, worker)
    case = visit_open_case(visit=visit, by=worker, what_happened="无法用手机缴费", request="恢复柜台缴费")
    client.force_login(make_staff(Role.PETITION_OFFICE))
    body = client.get(reverse("handling:case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="case-visits"' in body
    assert "Found on a door-to-door visit" in body


def test_a_visit_attaches_to_a_case_the_visitor_may_see_and_only_once(town, worker, client):
    case = make_case(community=town["community_b"], grid=town["grid_b"])
    visit = _visit(town, worker, reason=Visit.Reason.RETURN)
    client.force_login(worker)
    url = reverse("prevention:visit", args=[visit.pk])
    assert client.post(url, {"attach": "1", "attach-tracking_code": case.tracking_code.lower()}).status_code == 302
    assert Visit.objects.get(pk=visit.pk).case_id == case.pk
    assert case.events.filter(kind=CaseEvent.Kind.LINKED, detail="visit_attached").count() == 1


def test_an_outsider_neither_sees_a_communitys_visits_nor_attaches_to_a_case_hidden_from_them(town, worker, client):
    visit = _visit(town, worker)
    outsider = make_staff(Role.GRID_WORKER, community=town["community_a"], grid=town["grid_a"])
    client.force_login(outsider)
    assert client.get(reverse("prevention:visit", args=[visit.pk])).status_code == 404
    assert "佘老伯" not in client.get(reverse("prevention:visits")).content.decode()

    own = _visit(town, outsider, community=town["community_a"], grid=town["grid_a"])
    hidden = make_case(community=town["community_b"])
    response = client.post(
        reverse("prevention:visit", args=[own.pk]), {"attach": "1", "attach-tracking_code": hidden.tracking_code}
    )
    assert response.status_code == 200
    assert Visit.objects.get(pk=own.pk).case_id is None


def test_the_town_office_sees_every_visit_with_phones_masked_in_the_list(town, worker, client):
    _visit(town, worker)
    client.force_login(make_staff(Role.PETITION_OFFICE))
    body = client.get(reverse("prevention:visits")).content.decode()
    assert "佘老伯" in body and "139****5678" in body and "13912345678" not in body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("resident_name", "", "required"),
        ("address", "路" * 201, "at most 200"),
        ("visited_on", "2099-01-01", "before it happened"),
        ("visited_on", "not-a-date", "valid date"),
        ("resident_phone", "<script>", "phone"),
        ("reason", "hack", "valid choice"),
    ],
)
def test_the_visit_form_refuses_wrong_missing_oversized_and_hostile_input_and_keeps_the_rest(
    town, worker, client, field, value, message
):
    client.force_login(worker)
    data = {
        "visited_on": timezone.localdate().isoformat(),
        "community": town["community_b"].pk,
        "address": "北桥路1号",
        "resident_name": "佘老伯",
        "reason": Visit.Reason.VULNERABLE,
        "asked": "<b>恢复柜台</b>",
        field: value,
    }
    response = client.post(reverse("prevention:visit-new"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert message.lower() in body.lower()
    assert "&lt;b&gt;恢复柜台&lt;/b&gt;" in body
    assert Visit.objects.count() == 0


def _bulk_visits(town, by, n):
    role = RosterRole.objects.order_by("pk").first()
    person = RosterPerson.objects.create(name="王律师", role=role, phone="13800000000")
    for i in range(n):
        visit = _visit(town, by, resident_name=f"居民{i}", visited_on=timezone.localdate() - datetime.timedelta(days=i))
        visit.team.add(person)


@pytest.mark.parametrize("role", [Role.PETITION_OFFICE, Role.GRID_WORKER])
def test_the_visit_list_runs_the_same_queries_for_few_and_many_visits(
    town, worker, client, django_assert_num_queries, role
):
    viewer = worker if role == Role.GRID_WORKER else make_staff(role)
    client.force_login(viewer)
    _bulk_visits(town, worker, 2)
    small = _count(client, reverse("prevention:visits"))
    _bulk_visits(town, worker, 12)
    with django_assert_num_queries(small):
        assert client.get(reverse("prevention:visits")).status_code == 200


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)
