"""The case list and the case through the API: the queue's filters, cursors, the page's data, and errors."""

import pytest
from django.utils import timezone

from cases import services
from cases.models import Case, Status
from cases.services import PetitionerData

from ..factories import make_case

pytestmark = pytest.mark.django_db

ID = "310112199003071520"


def test_the_list_has_the_queue_s_cases_soonest_due_first_with_a_cursor_to_the_next_page(api_as, case_at):
    made = [case_at(Status.ASSIGNED) for _ in range(5)]
    api = api_as("officer")

    first = api.get("/api/v1/cases/", {"page_size": 2})

    assert first.status_code == 200
    body = first.json()
    assert len(body["results"]) == 2 and body["previous"] is None and body["next"]
    seen = [r["id"] for r in body["results"]]
    while body["next"]:
        body = api.get(body["next"]).json()
        seen += [r["id"] for r in body["results"]]
    assert sorted(seen) == sorted(c.pk for c in made)
    assert len(seen) == len(set(seen))


def test_the_previous_cursor_leads_back_to_the_same_rows(api_as, case_at):
    for _ in range(5):
        case_at(Status.ASSIGNED)
    api = api_as("officer")
    first = api.get("/api/v1/cases/", {"page_size": 2}).json()
    second = api.get(first["next"]).json()
    back = api.get(second["previous"]).json()
    assert [r["id"] for r in back["results"]] == [r["id"] for r in first["results"]]


def test_the_list_takes_the_queue_s_filters(api_as, case_at, town):
    case_at(Status.ASSIGNED)
    done = case_at(Status.CLOSED)
    api = api_as("office")
    open_ids = [r["id"] for r in api.get("/api/v1/cases/").json()["results"]]
    closed = api.get("/api/v1/cases/", {"status": "closed"}).json()["results"]
    found = api.get("/api/v1/cases/", {"q": done.tracking_code}).json()["results"]
    assert done.pk not in open_ids
    assert [r["id"] for r in closed] == [done.pk]
    assert [r["id"] for r in found] == [done.pk]
    assert api.get("/api/v1/cases/", {"community": town["community_b"].pk}).json()["results"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"status": "nonsense"},
        {"community": "999999999"},
        {"received_from": "2026-13-40"},
        {"q": "x" * 201},
        {"after": "not-a-cursor"},
        {"before": "2026-01-01_1"},
        {"page_size": "0"},
        {"page_size": "101"},
        {"page_size": "ten"},
        {"sort": "<script>"},
    ],
)
def test_a_wrong_filter_or_cursor_is_refused_with_the_field_named(api_as, case_at, params):
    case_at(Status.ASSIGNED)
    page = api_as("office").get("/api/v1/cases/", params)
    assert page.status_code == 400
    body = page.json()
    assert body["code"] == "invalid" and set(body["errors"]) == set(params)


def test_the_case_shows_what_its_page_shows_with_the_id_number_masked(api_as, town, subject, people):
    case = make_case(
        grid=town["grid_a"],
        subject=subject,
        petitioners=[PetitionerData(name="王五", phone="13900000001", id_number=ID)],
        keep_id_number=True,
    )
    case = services.case_route(case=case, by=people["office"], lead_department=town["dept_a"], tier=case.tier)
    services.case_add_note(case=case, by=people["office"], text="内部说明", is_public=False)

    page = api_as("officer").get(f"/api/v1/cases/{case.pk}/")

    assert page.status_code == 200
    body = page.json()
    assert page["ETag"] == f'"{body["version"]}"'
    assert ID not in page.content.decode() and body["petitioners"][0]["id_number"].endswith("1520")
    assert [a["name"] for a in body["actions"]][:1] == ["sign"]
    kinds = {(e["kind"], e["is_public"]) for e in body["timeline"]}
    assert ("note", False) in kinds  # staff see the internal note, marked internal, as on the page


def test_a_case_that_does_not_exist_is_404_in_the_error_body(api_as):
    page = api_as("office").get("/api/v1/cases/999999/")
    assert page.status_code == 404
    assert page.json()["code"] == "not_found" and page.json()["status"] == 404


def test_an_unknown_address_under_the_api_answers_the_error_body(api_as):
    page = api_as("office").get("/api/v1/nothing-here/")
    assert page.status_code == 404 and page.json()["code"] == "not_found"


def test_an_anonymous_visitor_gets_401_or_403_and_no_data(api, case_at):
    case = case_at(Status.ASSIGNED)
    for url in ("/api/v1/cases/", f"/api/v1/cases/{case.pk}/", "/api/v1/departments/", "/api/v1/dashboard/"):
        page = api.get(url)
        assert page.status_code in (401, 403), url
        assert page.json()["code"] in ("not_authenticated", "authentication_failed")
        assert case.tracking_code not in page.content.decode()


def test_messages_come_in_the_reader_s_language(api_as):
    api = api_as("office")
    chinese = api.get("/api/v1/cases/999999/").json()["message"]
    english = api.get("/api/v1/cases/999999/", HTTP_ACCEPT_LANGUAGE="en").json()["message"]
    assert chinese != english
    assert english == "Not found."
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese)


def test_a_user_without_a_role_has_no_list(api, django_user_model):
    api.force_login(django_user_model.objects.create_user("norole", password="a-long-test-pass"))
    page = api.get("/api/v1/cases/")
    assert page.status_code == 403 and page.json()["code"] == "permission_denied"


def test_the_list_says_nothing_of_cases_received_elsewhere_for_a_grid_worker(api_as, town, subject):
    other = make_case(grid=town["grid_b"], subject=subject, received_at=timezone.now())
    body = api_as("grid").get("/api/v1/cases/", {"status": "all"}).json()
    assert other.pk not in [r["id"] for r in body["results"]]
    assert Case.objects.filter(pk=other.pk).exists()
