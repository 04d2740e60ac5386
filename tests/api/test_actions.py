"""Case actions through the API: the registry's entries, each a POST with the case's version (If-Match or in the
body); stale versions answer 409 or 412 with the case as it is now; bad input is refused and nothing is written."""

import pytest

from cases import actions
from cases.models import Outcome, Status

from .conftest import schema_dict

pytestmark = pytest.mark.django_db


def _act(api, case, name, data=None, **headers):
    return api.post_json(f"/api/v1/cases/{case.pk}/actions/{name}/", data or {}, **headers)


def test_a_case_walks_from_routing_to_closing_through_the_api(api, people, town, case_at):
    case = case_at(Status.REGISTERED)
    api.force_login(people["office"])
    routed = _act(
        api,
        case,
        "route",
        {"tier": case.tier_id, "lead_department": town["dept_a"].pk, "people": [people["grid"].pk]},
        HTTP_IF_MATCH=f'"{case.version}"',
    )
    assert routed.status_code == 200, routed.json()
    body = routed.json()["case"]
    assert body["status"] == Status.ASSIGNED and routed["ETag"] == f'"{body["version"]}"'

    api.force_login(people["officer"])
    signed = _act(api, case, "sign", {"version": body["version"], "notice": "已受理"}).json()["case"]
    noted = _act(api, case, "note", {"version": signed["version"], "text": "已到现场", "is_public": True}).json()[
        "case"
    ]
    assert any(e["kind"] == "note" and e["is_public"] for e in noted["timeline"])
    replied = _act(
        api,
        case,
        "reply",
        {
            "version": noted["version"],
            "outcome": Outcome.UPHELD,
            "text": "经查属实，已拆除。",
            "legal_basis": "《城乡规划法》",
        },
    ).json()["case"]
    assert replied["status"] == Status.REPLIED
    closed = _act(api, case, "close", {"version": replied["version"]})
    assert closed.status_code == 200 and closed.json()["case"]["status"] == Status.CLOSED
    assert closed.json()["message"]


def test_an_objection_hands_the_case_back_and_the_answer_says_the_case_is_no_longer_theirs(api, people, case_at):
    case = case_at(Status.ASSIGNED)
    api.force_login(people["officer"])
    page = _act(api, case, "object", {"version": case.version, "reason": "不属于城管职责"})
    assert page.status_code == 200
    assert page.json()["case"] is None or page.json()["case"]["id"] == case.pk


def test_a_stale_if_match_is_412_with_the_case_as_it_is_now_and_nothing_is_written(api, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    api.force_login(people["officer"])
    page = _act(api, case, "note", {"text": "x"}, HTTP_IF_MATCH=f'"{case.version - 1}"')
    assert page.status_code == 412
    body = page.json()
    assert body["code"] == "precondition_failed" and body["current"]["version"] == case.version
    case.refresh_from_db()
    assert case.events.filter(kind="note").count() == 0


def test_a_stale_version_in_the_body_is_409_with_the_case_as_it_is_now(api, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    api.force_login(people["officer"])
    page = _act(api, case, "note", {"text": "x", "version": case.version - 1})
    assert page.status_code == 409
    body = page.json()
    assert body["code"] == "conflict" and body["current"]["version"] == case.version
    assert body["current"]["status"] == Status.IN_PROGRESS


def test_an_action_without_a_version_is_428(api, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    api.force_login(people["officer"])
    page = _act(api, case, "note", {"text": "x"})
    assert page.status_code == 428 and page.json()["code"] == "precondition_required"


def test_an_action_the_status_no_longer_allows_is_409_with_the_case(api, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    api.force_login(people["officer"])
    page = _act(api, case, "sign", {"version": case.version})
    assert page.status_code == 409
    assert page.json()["current"]["status"] == Status.IN_PROGRESS


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": ""}, "text"),  # missing
        ({}, "text"),  # missing altogether
        ({"text": "长" * 5001}, "text"),  # oversized
        ({"text": ["a", "b"]}, "text"),  # wrong type
        ({"text": {"$gt": ""}}, "text"),  # hostile
        ({"text": "x", "is_public": "perhaps"}, "is_public"),  # wrong
        ({"text": "x", "version": "abc"}, "version"),
        ({"text": "x", "version": 10**30}, "version"),
    ],
)
def test_bad_input_to_an_action_names_the_field_and_writes_nothing(api, people, case_at, data, field):
    case = case_at(Status.IN_PROGRESS)
    api.force_login(people["officer"])
    data.setdefault("version", case.version)
    page = _act(api, case, "note", data)
    assert page.status_code == 400
    assert field in page.json()["errors"]
    case.refresh_from_db()
    assert case.events.filter(kind="note").count() == 0


@pytest.mark.parametrize("body", ["[1, 2]", '"text"', "{not json", "null"])
def test_a_body_that_is_not_an_object_is_400(api, people, case_at, body):
    case = case_at(Status.IN_PROGRESS)
    api.force_login(people["officer"])
    page = api.post(
        f"/api/v1/cases/{case.pk}/actions/note/",
        body,
        content_type="application/json",
        HTTP_IF_MATCH=f'"{case.version}"',
    )
    assert page.status_code == 400


@pytest.mark.parametrize("value", ['"abc"', "W/x", '"' + "9" * 40 + '"', '"３"'])
def test_an_if_match_that_is_not_a_version_is_400(api, people, case_at, value):
    case = case_at(Status.IN_PROGRESS)
    api.force_login(people["officer"])
    page = _act(api, case, "note", {"text": "x"}, HTTP_IF_MATCH=value)
    assert page.status_code == 400 and "If-Match" in page.json()["errors"]


def test_a_route_to_an_unknown_department_is_refused_by_the_form(api, people, case_at):
    case = case_at(Status.REGISTERED)
    api.force_login(people["office"])
    page = _act(api, case, "route", {"version": case.version, "tier": case.tier_id, "lead_department": 999999})
    assert page.status_code == 400 and "lead_department" in page.json()["errors"]


def test_a_form_sent_as_multipart_is_refused_with_415(api, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    api.force_login(people["officer"])
    page = api.post(f"/api/v1/cases/{case.pk}/actions/note/", {"text": "x", "version": case.version})
    assert page.status_code == 415 and page.json()["code"] == "unsupported_media_type"


def test_every_action_of_the_registry_is_an_endpoint_of_the_schema():
    paths = schema_dict()["paths"]
    ops = {op["operationId"] for item in paths.values() for op in item.values() if isinstance(op, dict)}
    assert {f"cases_action_{name}" for name in actions.ACTIONS} <= ops
    for name in actions.ACTIONS:
        assert f"/api/v1/cases/{{id}}/actions/{name}/" in paths
