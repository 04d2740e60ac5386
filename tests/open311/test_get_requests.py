"""GET Service Requests and GET Service Request: what anyone may read of the town's cases."""

import re
from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Case, CaseEvent, Category, Status
from cases.services import PetitionerData, case_add_note, case_route
from tests.factories import bulk_cases, make_case

from .spec import BASE, REQUEST_FIELDS, errors_of, json_body, rows_of, xml_root

pytestmark = pytest.mark.django_db

W3C = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$"


@pytest.fixture
def cases(town, services):
    """An open case routed to a department, a closed one, and a report of misconduct."""
    routed = make_case(
        platform=town["hall"],
        subject=services["noise"],
        community=town["community_a"],
        address="银一路5号302室",
        what_happened="邻居王五每晚装修，电话13612345678",
        petitioners=[PetitionerData(name="张三", phone="13900000000", id_number="310112199001011234")],
    )
    case_route(case=routed, by=None, lead_department=town["dept_a"], tier=town["tiers"]["community"])
    case_add_note(case=Case.objects.get(pk=routed.pk), by=None, text="内部：张三上次来访情绪激动")
    closed = make_case(platform=town["hall"], subject=services["building"], community=town["community_b"])
    closed_at = timezone.now() - timedelta(days=1)
    Case.objects.filter(pk=closed.pk).update(status=Status.CLOSED, closed_at=closed_at)
    CaseEvent.objects.create(
        case=closed, kind=CaseEvent.Kind.STATUS, old_status=Status.REPLIED, new_status=Status.CLOSED, is_public=True
    )
    misconduct = make_case(
        platform=town["hall"],
        subject=services["noise"],
        category=Category.MISCONDUCT,
        accused_department=town["dept_a"],
        accused_name="赵科长",
        what_happened="赵科长收受好处",
    )
    return {
        "routed": Case.objects.get(pk=routed.pk),
        "closed": Case.objects.get(pk=closed.pk),
        "misconduct": misconduct,
    }


def by_id(rows) -> dict:
    return {str(row["service_request_id"]): row for row in rows}


def test_the_requests_list_in_xml_has_the_specs_elements(client, cases):
    """GET Service Requests, response: service_requests ⇊ request ↴ service_request_id, status,
    status_notes, service_name, service_code, description, agency_responsible, service_notice,
    requested_datetime, updated_datetime, expected_datetime, address, address_id, zipcode, lat, long,
    media_url."""
    root = xml_root(client.get(f"{BASE}/requests.xml"))

    assert root.tag == "service_requests"
    requests = root.findall("request")
    assert len(requests) == 2
    for request in requests:
        assert [child.tag for child in request] == REQUEST_FIELDS


def test_open_and_closed_come_from_our_states(client, cases):
    """status: "open: it has been reported. closed: it has been resolved." "Options: open, closed"."""
    rows = by_id(rows_of(client.get(f"{BASE}/requests.xml"), "xml"))

    routed, closed = rows[str(cases["routed"].pk)], rows[str(cases["closed"].pk)]
    assert routed["status"] == "open"
    assert closed["status"] == "closed"
    assert routed["service_code"] == "noise" and routed["service_name"] == "噪声扰民"
    assert routed["agency_responsible"] == "城管执法中队"  # the lead department, a unit and never a person
    assert routed["address"] == "银一居委" and routed["address_id"] == "yinyi"


def test_times_are_w3c_with_the_towns_offset(client, cases):
    """Date/time format: "Timezone information (either Z meaning UTC, or an HH:MM offset from UTC) must be
    included". expected_datetime: "The date and time when the service request can be expected to be
    fulfilled"; updated_datetime: "For requests with status=closed, this will be the date the request was
    closed"."""
    rows = by_id(rows_of(client.get(f"{BASE}/requests.json"), "json"))

    routed, closed = rows[str(cases["routed"].pk)], rows[str(cases["closed"].pk)]
    for field in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert routed[field] is not None
        assert re.match(W3C, routed[field]), routed[field]
    due = cases["routed"].reply_due_on or cases["routed"].due_on
    assert routed["expected_datetime"] == f"{due.isoformat()}T23:59:59+08:00"
    assert closed["updated_datetime"] == timezone.localtime(cases["closed"].closed_at).isoformat(timespec="seconds")
    assert closed["expected_datetime"] is None


def test_status_notes_are_the_public_timelines_words_never_an_internal_note(client, cases):
    """status_notes: "Explanation of why status was changed to current state"."""
    body = client.get(f"{BASE}/requests.json").content.decode()
    rows = by_id(json_body(client.get(f"{BASE}/requests.json", HTTP_ACCEPT_LANGUAGE="en")))

    # The tracking page's own sentences for the newest public event.
    assert rows[str(cases["routed"].pk)]["status_notes"] == "Your matter was passed on to the body that handles it."
    assert rows[str(cases["closed"].pk)]["status_notes"] == "Your matter was closed."
    assert "情绪激动" not in body


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_no_personal_data_ever_leaves(client, cases, fmt):
    """Names, phones, ID numbers, street addresses and the case story stay in the office."""
    body = client.get(f"{BASE}/requests.{fmt}").content.decode()
    body += client.get(f"{BASE}/requests/{cases['routed'].pk}.{fmt}").content.decode()

    for secret in ("张三", "13900000000", "310112199001011234", "302室", "王五", "13612345678"):
        assert secret not in body
    assert cases["routed"].tracking_code not in body


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_report_of_misconduct_is_never_listed_or_found(client, cases, fmt):
    listed = client.get(f"{BASE}/requests.{fmt}?service_request_id={cases['misconduct'].pk}")
    single = client.get(f"{BASE}/requests/{cases['misconduct'].pk}.{fmt}")

    assert rows_of(listed, fmt) == []
    assert single.status_code == 404
    assert "赵科长" not in listed.content.decode() + single.content.decode()


def test_service_request_ids_override_every_other_argument(client, cases):
    """service_request_id: "multiple service_request_id can be declared; comma delimited." "This overrides
    all other arguments."."""
    ids = f"{cases['routed'].pk},{cases['closed'].pk}"
    rows = rows_of(client.get(f"{BASE}/requests.json?service_request_id={ids}&status=open&service_code=x"), "json")

    assert sorted(row["service_request_id"] for row in rows) == sorted([cases["routed"].pk, cases["closed"].pk])


def test_service_code_and_status_filter_and_may_be_comma_delimited(client, cases):
    """service_code: "can be declared multiple times, comma delimited"; status: "This defaults to all
    statuses; can be declared multiple times, comma delimited"."""

    def ids(query: str) -> set:
        return {row["service_request_id"] for row in rows_of(client.get(f"{BASE}/requests.json?{query}"), "json")}

    routed, closed = cases["routed"].pk, cases["closed"].pk
    assert ids("service_code=noise") == {routed}
    assert ids("service_code=noise,illegal-building") == {routed, closed}
    assert ids("service_code=noise&service_code=illegal-building") == {routed, closed}
    assert ids("status=open") == {routed}
    assert ids("status=closed") == {closed}
    assert ids("status=open,closed") == {routed, closed}
    assert ids("status=&service_code=") == {routed, closed}  # "Optional": empty is the same as not passed


def test_the_range_defaults_to_the_most_recent_90_days(client, cases, town):
    """start_date/end_date: "When not specified, the range defaults to most recent 90 days. Must use w3
    format, eg 2010-01-01T00:00:00Z"."""
    old = make_case(platform=town["hall"], received_at=timezone.now() - timedelta(days=100))
    when = timezone.now() - timedelta(days=100)

    default = {row["service_request_id"] for row in rows_of(client.get(f"{BASE}/requests.json"), "json")}
    start = (when - timedelta(days=1)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    ranged = rows_of(client.get(f"{BASE}/requests.json", {"start_date": start}), "json")

    assert old.pk not in default
    assert [row["service_request_id"] for row in ranged] == [old.pk]


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize(
    "query",
    [
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},  # "may not span more than 90 days"
        {"start_date": "2026-03-01T00:00:00Z", "end_date": "2026-02-01T00:00:00Z"},
        {"start_date": "yesterday"},
        {"start_date": "2026-02-30"},
        {"end_date": "2026-01-01T00:00:00"},  # no zone: "Timezone information ... must be included"
        {"start_date": "9999999-01-01"},
        {"status": "pending"},
        {"service_request_id": "1,two"},
        {"service_request_id": "9" * 40},
    ],
)
def test_bad_arguments_are_400(client, cases, fmt, query):
    """Errors: "400 for any other error where the request can not be fulfilled as expected"."""
    response = client.get(f"{BASE}/requests.{fmt}", query)

    assert response.status_code == 400
    assert errors_of(response, fmt)[0][0] == "400"


def test_at_most_1000_requests_come_back(client, town):
    """Response Volume: "Default query limit is a span of 90 days or first 1000 requests returned, whichever
    is smallest"."""
    bulk_cases(1003, tier=town["tiers"]["community"], platform=town["hall"])

    assert len(rows_of(client.get(f"{BASE}/requests.json"), "json")) == 1000


def test_the_list_makes_the_same_number_of_queries_for_10_or_300_requests(client, town, cases):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{BASE}/requests.xml").status_code == 200
        return len(ctx.captured_queries)

    bulk_cases(10, tier=town["tiers"]["community"], platform=town["hall"])
    small = count()
    bulk_cases(290, tier=town["tiers"]["community"], platform=town["hall"], community=town["community_a"])

    assert count() == small
    assert small <= 3


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_one_request_by_its_id(client, cases, fmt):
    """GET Service Request: "Query the current status of an individual request"; the response is a
    service_requests list with one request."""
    rows = rows_of(client.get(f"{BASE}/requests/{cases['closed'].pk}.{fmt}"), fmt)

    assert len(rows) == 1
    assert str(rows[0]["service_request_id"]) == str(cases["closed"].pk)
    assert rows[0]["status"] == "closed"


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("pk", ["999999", "9" * 25])
def test_an_unknown_request_is_404(client, cases, fmt, pk):
    """Errors: "404 for resources that don't exist"."""
    response = client.get(f"{BASE}/requests/{pk}.{fmt}")

    assert response.status_code == 404
    assert errors_of(response, fmt)[0][0] == "404"


def test_a_matter_not_accepted_is_closed(client, cases):
    """status: "closed: it has been resolved": a matter turned away is no longer being handled."""
    Case.objects.filter(pk=cases["routed"].pk).update(status=Status.NOT_ACCEPTED)

    (row,) = rows_of(client.get(f"{BASE}/requests/{cases['routed'].pk}.json"), "json")

    assert row["status"] == "closed"
    assert row["expected_datetime"] is None
