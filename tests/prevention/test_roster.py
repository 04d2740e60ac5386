"""The diverse team: roles as data, phones treated like petitioners' (masked in lists, whole only where allowed)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from grids.models import Role
from prevention.models import RosterPerson, RosterRole, Visit
from prevention.services import roster_person_create, visit_record

from ..factories import make_staff

pytestmark = pytest.mark.django_db


def test_the_roles_are_seeded_as_data_including_the_three_leads():
    codes = set(RosterRole.objects.values_list("code", flat=True))
    assert {"party_rep", "congress_rep", "community_lawyer", "police", "psychologist", "building_lead"} <= codes


def test_the_roster_masks_phones_for_everyone_and_only_its_keepers_may_add(town, client):
    roster_person_create(name="王律师", role=RosterRole.objects.get(code="community_lawyer"), phone="13912345678")
    keeper = make_staff(Role.COMMUNITY_STAFF, community=town["community_a"])
    client.force_login(keeper)
    body = client.get(reverse("prevention:roster")).content.decode()
    assert "王律师" in body and "139****5678" in body and "13912345678" not in body
    client.force_login(make_staff(Role.RECEPTION))
    response = client.post(reverse("prevention:roster"), {"name": "冒充者", "role": RosterRole.objects.first().pk})
    assert response.status_code == 200 and not RosterPerson.objects.filter(name="冒充者").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "required"),
        ("name", "名" * 51, "at most 50"),
        ("phone", "abc<script>", "phone"),
        ("role", "x", "valid choice"),
    ],
)
def test_the_roster_form_refuses_wrong_missing_oversized_and_hostile_input(town, client, field, value, message):
    client.force_login(make_staff(Role.COMMUNITY_STAFF, community=town["community_a"]))
    data = {"name": "王律师", "role": RosterRole.objects.first().pk, "organisation": "<b>所</b>", field: value}
    response = client.post(reverse("prevention:roster"), data, HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200 and message in body.lower()
    assert "&lt;b&gt;所&lt;/b&gt;" in body
    assert RosterPerson.objects.count() == 0


def test_a_visits_own_page_shows_the_whole_phone_only_to_staff_allowed_personal_data(town, client):
    worker = make_staff(Role.GRID_WORKER, community=town["community_a"], grid=town["grid_a"])
    visit = visit_record(
        by=worker,
        visited_on=timezone.localdate(),
        community=town["community_a"],
        address="银都路",
        resident_name="钱阿婆",
        resident_phone="13911112222",
        reason=Visit.Reason.ROUTINE,
    )
    url = reverse("prevention:visit", args=[visit.pk])
    client.force_login(worker)
    assert "13911112222" in client.get(url).content.decode()
    client.force_login(make_staff(Role.RECEPTION))
    body = client.get(url).content.decode()
    assert "139****2222" in body and "13911112222" not in body


def test_the_roster_runs_the_same_queries_for_few_and_many(town, client, django_assert_num_queries, count_queries):
    role = RosterRole.objects.first()
    client.force_login(make_staff(Role.COMMUNITY_STAFF, community=town["community_a"]))
    for i in range(2):
        roster_person_create(name=f"甲{i}", role=role, community=town["community_a"])
    small = count_queries(client, reverse("prevention:roster"))
    for i in range(12):
        roster_person_create(name=f"乙{i}", role=role, community=town["community_b"])
    with django_assert_num_queries(small):
        client.get(reverse("prevention:roster"))
