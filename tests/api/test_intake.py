"""Registering a case through the API: the counter's checks, the intake service, one case per Idempotency-Key."""

import pytest

from cases.models import Case, Category, Channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def counter_case(town):
    return {
        "channel": Channel.VISIT,
        "platform": town["hall"].pk,
        "what_happened": "楼道堆物堵塞消防通道",
        "request": "请求清理",
        "community": town["community_a"].pk,
        "petitioners": [{"name": "李四", "phone": "13911112222", "id_number": "310112199003071520"}],
    }


def test_intake_staff_register_a_case_and_get_it_back_with_the_id_number_masked(api_as, counter_case):
    page = api_as("reception").post_json("/api/v1/cases/", counter_case, HTTP_IDEMPOTENCY_KEY="visit-0001")
    assert page.status_code == 201
    body = page.json()
    assert body["created"] is True and body["tracking_code"]
    assert body["case"]["petitioners"][0]["id_number"].endswith("1520")
    assert "310112199003071520" not in page.content.decode()
    assert Case.objects.get(pk=body["id"]).what_happened == counter_case["what_happened"]


def test_the_same_idempotency_key_twice_makes_one_case(api_as, counter_case):
    api = api_as("reception")
    first = api.post_json("/api/v1/cases/", counter_case, HTTP_IDEMPOTENCY_KEY="retry-me")
    second = api.post_json("/api/v1/cases/", counter_case, HTTP_IDEMPOTENCY_KEY="retry-me")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"] and second.json()["created"] is False
    assert Case.objects.count() == 1


def test_another_clerk_s_same_key_is_another_case(api, people, town, counter_case):
    from grids.models import Role

    from ..factories import make_staff

    api.force_login(people["reception"])
    first = api.post_json("/api/v1/cases/", counter_case, HTTP_IDEMPOTENCY_KEY="k1").json()["id"]
    api.force_login(make_staff(Role.RECEPTION, platform=town["hall"]))
    second = api.post_json("/api/v1/cases/", counter_case, HTTP_IDEMPOTENCY_KEY="k1").json()["id"]
    assert first != second


def test_an_anonymous_call_gets_its_pin_once(api_as, counter_case):
    counter_case.update(channel=Channel.PHONE, is_anonymous=True, petitioners=[])
    page = api_as("reception").post_json("/api/v1/cases/", counter_case, HTTP_IDEMPOTENCY_KEY="call-1")
    assert page.status_code == 201, page.json()
    assert len(page.json()["pin"]) >= 4


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"what_happened": ""}, "what_happened"),
        ({"what_happened": None}, "what_happened"),
        ({"request": "长" * 2001}, "request"),
        ({"platform": 999999}, "platform"),
        ({"platform": "<script>alert(1)</script>"}, "platform"),
        ({"community": 10**30}, "community"),
        ({"channel": "fax"}, "channel"),
        ({"channel": Channel.WEB}, "channel"),
        ({"headcount": 5}, "headcount"),
        ({"category": Category.MISCONDUCT}, "accused_department"),
        ({"petitioners": [{"name": "王", "phone": "12"}]}, "petitioners.0.phone"),
        ({"petitioners": [{"name": "王", "id_number": "123"}]}, "petitioners.0.id_number"),
        ({"petitioners": "李四"}, "petitioners"),
        ({"petitioners": [{"name": f"人{i}"} for i in range(6)]}, "petitioners"),
        ({"received_at": "2999-01-01T00:00:00+08:00"}, "received_at"),
        ({"repeat_of": 999999}, "repeat_of"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_no_case_made(api_as, counter_case, change, field):
    counter_case.update(change)
    page = api_as("reception").post_json("/api/v1/cases/", counter_case)
    assert page.status_code == 400, page.json()
    assert field in page.json()["errors"], page.json()
    assert Case.objects.count() == 0


@pytest.mark.parametrize("key", ["", "x" * 101, "空格 key", "a\tb"])
def test_an_idempotency_key_that_is_not_one_is_refused(api_as, counter_case, key):
    page = api_as("reception").post_json("/api/v1/cases/", counter_case, HTTP_IDEMPOTENCY_KEY=key)
    assert page.status_code == 400 and "Idempotency-Key" in page.json()["errors"]


@pytest.mark.parametrize("who", ["officer", "head", "mediator"])
def test_people_who_do_not_take_cases_in_get_403(api_as, counter_case, who):
    page = api_as(who).post_json("/api/v1/cases/", counter_case)
    assert page.status_code == 403
    assert Case.objects.count() == 0


def test_a_grid_worker_registers_a_case_outside_their_grid_and_is_told_its_code_only(api_as, counter_case, town):
    counter_case["community"] = town["community_b"].pk
    page = api_as("grid").post_json("/api/v1/cases/", counter_case)
    assert page.status_code == 201 and page.json()["tracking_code"]
