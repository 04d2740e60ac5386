"""The town's lists, and the dashboard's figures through the API (the dashboard's own reads and scope)."""

import pytest

from cases.models import Status
from dashboard import cube

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/api/v1/departments/", "dept_a"),
        ("/api/v1/communities/", "community_a"),
        ("/api/v1/grids/", "grid_a"),
        ("/api/v1/platforms/", "hall"),
    ],
)
def test_staff_read_the_town_s_lists(api_as, town, url, key):
    page = api_as("officer").get(url)
    assert page.status_code == 200
    assert town[key].pk in [row["id"] for row in page.json()]


def test_names_follow_the_reader_s_language(api_as, town):
    town["dept_a"].name_en = "Enforcement"
    town["dept_a"].save()
    api = api_as("officer")
    chinese = {r["id"]: r["name"] for r in api.get("/api/v1/departments/").json()}
    english = {r["id"]: r["name"] for r in api.get("/api/v1/departments/", HTTP_ACCEPT_LANGUAGE="en").json()}
    assert (chinese[town["dept_a"].pk], english[town["dept_a"].pk]) == ("城管执法中队", "Enforcement")


def test_the_town_office_reads_the_dashboard_figures(api_as, case_at):
    case_at(Status.ASSIGNED)
    case_at(Status.CLOSED)
    cube.refresh()  # what beat does every minute
    page = api_as("office").get("/api/v1/dashboard/")
    assert page.status_code == 200
    body = page.json()
    assert body["intake_total"] == 2 and body["closed_total"] == 1
    assert {r["key"] for r in body["rates"]} >= {"satisfaction", "resolution"}


def test_a_department_head_sees_their_department_only_whatever_they_ask(api_as, case_at, town):
    case_at(Status.ASSIGNED)
    page = api_as("other_head").get("/api/v1/dashboard/", {"department": town["dept_a"].pk})
    assert page.status_code == 200
    assert page.json()["intake_total"] == 0


@pytest.mark.parametrize("who", ["officer", "grid", "reception", "mediator"])
def test_others_get_403_for_the_dashboard(api_as, who):
    page = api_as(who).get("/api/v1/dashboard/")
    assert page.status_code == 403 and page.json()["code"] == "permission_denied"


@pytest.mark.parametrize(
    "params", [{"period": "<script>"}, {"from": "2026-02-31", "to": "x"}, {"community": "999999"}, {"period": "custom"}]
)
def test_a_bad_dashboard_value_is_left_out_and_named(api_as, params):
    page = api_as("office").get("/api/v1/dashboard/", params)
    assert page.status_code == 200
