"""Hostile input against every form, query parameter and address part: never a server error, never half a write.

CI runs it on PostgreSQL, where a NUL byte in a string is refused by the database itself. Every request's
writes are rolled back after it, so each hostile value meets the same cases."""

from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client

from cases.models import Attachment, Case, CaseEvent, CasePetitioner, Petitioner, Status
from cases.services import PetitionerData

from ..cases.handling.conftest import people, subject, walk  # noqa: F401 (fixtures, used by name)
from ..cases.intake.helpers import counter_post, web_post
from ..factories import make_case

pytestmark = pytest.mark.django_db

HOSTILE = {
    "nul": "a\x00b",
    "huge": "x" * 100_000,
    "superscript": "²",
    "negative": "-1",
    "huge_number": "9" * 30,
    "far_future": "9999-12-31",
    # A date field and a date-and-time field both read this as the first day of year 1.
    "year_one": "0001-01-01",
    "sql": "1' OR '1'='1'; DROP TABLE cases_case; --",
    "html": '"><script>alert(1)</script>',
    "javascript": "javascript:alert(document.cookie)",
    "offsite": "//elsewhere.example/",
}


def _rows() -> tuple[int, ...]:
    return (
        Case.objects.count(),
        Petitioner.objects.count(),
        CasePetitioner.objects.count(),
        Attachment.objects.count(),
        CaseEvent.objects.count(),
    )


@pytest.fixture
def world(town, people, subject):  # noqa: F811
    """A registered case, a replied one its petitioner tracks, one in progress, and the people who work on them."""
    replied = make_case(
        grid=town["grid_a"], subject=subject, petitioners=[PetitionerData(name="张三", phone="13912345678")]
    )
    return {
        "town": town,
        "people": people,
        "registered": make_case(grid=town["grid_a"], subject=subject, platform=town["hall"]),
        "replied": walk(replied, Status.REPLIED, town, people),
        "in_progress": walk(make_case(grid=town["grid_a"], subject=subject), Status.IN_PROGRESS, town, people),
    }


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _client_for(who, w) -> Client:
    if who != "tracker":
        return _client(w["people"][who] if isinstance(who, str) else who)
    client = _client()
    client.post("/track/", {"code": w["replied"].tracking_code, "check": "5678"})
    return client


def _forms(w) -> dict:
    """Every form of the portal as a valid post sends it: name -> (who, address, fields)."""
    town, registered, replied, in_progress = w["town"], w["registered"], w["replied"], w["in_progress"]
    version = str(replied.version)
    return {
        "web form": (None, f"/s/{town['hall'].code}/", web_post(community=str(town["community_a"].pk))),
        "track": (None, "/track/", {"code": replied.tracking_code, "check": "5678"}),
        "track review": ("tracker", f"/track/{replied.tracking_code}/review/", {"reason": "不服", "version": version}),
        "track rate": ("tracker", f"/track/{replied.tracking_code}/rate/", {"rating": "satisfied", "version": version}),
        "counter": (
            "reception",
            "/intake/new/",
            counter_post(platform=str(town["hall"].pk), repeat_of=str(registered.pk), received_at="2026-11-30T09:00"),
        ),
        "route": (
            "office",
            f"/cases/{registered.pk}/actions/route/",
            {
                "route-version": str(registered.version),
                "route-tier": str(registered.tier_id),
                "route-lead_department": str(town["dept_a"].pk),
                "route-people": str(w["people"]["grid"].pk),
                "route-assisting_departments": str(town["dept_b"].pk),
                "route-note": "请处理",
            },
        ),
        "note": (
            "officer",
            f"/cases/{in_progress.pk}/actions/note/",
            {"note-version": str(in_progress.version), "note-text": "已上门", "note-is_public": "on"},
        ),
        "ask extension": (
            "officer",
            f"/cases/{in_progress.pk}/actions/ask_extension/",
            {
                "ask_extension-version": str(in_progress.version),
                "ask_extension-days": "10",
                "ask_extension-reason": "x",
            },
        ),
        "notifications read": ("officer", "/notifications/read/", {"id": "1", "next": "/inbox/"}),
        "login": (None, "/accounts/login/", {"username": "officer", "password": "wrong", "next": "/cases/"}),
        "language": (None, "/i18n/setlang/", {"language": "en", "next": "/track/"}),
    }


# Every page that reads its query string, with every parameter it reads: name -> (who, address, parameters).
QUERIES = {
    "track": (None, "/track/", ["code"]),
    "login": (None, "/accounts/login/", ["next"]),
    "lookup": ("reception", "/intake/lookup/", ["p-0-phone", "p-0-id_number", "repeat_of"]),
    "today": ("reception", "/intake/today/", ["platform", "page"]),
    "inbox": ("office", "/inbox/", ["page"]),
    "queue": (
        "office",
        "/cases/",
        ["q", "status", "due", "flag", "tier", "community", "subject", "channel", "sort", "measure", "page"],
    ),
    "queue from a dashboard link": (
        "office",
        "/cases/",
        ["received_from", "received_to", "zone", "department", "category", "platform", "resolved_tier", "petitioner"],
    ),
    "dashboard": ("leader", "/dashboard/", ["period", "from", "to", "trend", "zone", "community", "department"]),
    "dashboard filters": ("leader", "/dashboard/", ["channel", "category", "subject"]),
    "export csv": ("leader", "/dashboard/export.csv", ["period", "from", "to", "zone", "channel"]),
    "export xlsx": ("leader", "/dashboard/export.xlsx", ["period", "from", "to", "subject"]),
    "notifications": ("officer", "/notifications/", ["page"]),
}

# Addresses with a part a visitor can type: the hostile value goes into that part.
PATHS = {
    "web form": (None, "/s/{}/"),
    "web form done": (None, "/s/{}/done/"),
    "tracked case": (None, "/track/{}/"),
    "tracked case rating": (None, "/track/{}/rate/"),
    "poster": ("reception", "/platforms/{}/poster/"),
    "receipt": ("reception", "/intake/{}/receipt/"),
    "case page": ("office", "/cases/{}/"),
    "case action": ("office", "/cases/1/actions/{}/"),
}


def _send(client: Client, method: str, url: str, data=None, **extra):
    """One request, its writes rolled back afterwards; what it left behind is judged while still in force."""
    with transaction.atomic():
        before = _rows()
        response = getattr(client, method)(url, data, **extra) if data is not None else getattr(client, method)(url)
        after = _rows()
        orphan = Case.objects.filter(events__isnull=True).exists()
        transaction.set_rollback(True)
    return response, before, after, orphan


def _problem(label: str, response, before, after, orphan) -> str | None:
    if response.status_code >= 500:
        return f"{label}: {response.status_code}"
    if orphan:
        return f"{label}: a case without its registration event"
    if response.status_code != 302 and after != before:
        return f"{label}: refused ({response.status_code}) yet rows changed {before} -> {after}"
    return None


def _assert_none(problems: list) -> None:
    found = [p for p in problems if p]
    assert not found, "\n".join(found)


FORMS = ["web form", "track", "track review", "track rate", "counter", "route", "note", "ask extension"]
FORMS += ["notifications read", "login", "language"]


@pytest.mark.parametrize("name", FORMS)
def test_it_answers_every_hostile_value_in_every_form_field_without_a_server_error_or_a_half_write(world, name):
    who, url, valid = _forms(world)[name]
    client = _client_for(who, world)
    problems = []
    # The counter's second to fifth petitioner rows are read exactly as the first one is.
    for field in [f for f in valid if f[:4] not in ("p-1-", "p-2-", "p-3-", "p-4-")]:
        for kind, value in HOSTILE.items():
            problems.append(_problem(f"{field}={kind}", *_send(client, "post", url, {**valid, field: value})))
    _assert_none(problems)


def test_it_refuses_a_form_body_that_is_not_utf8_and_stores_nothing(world):
    problems = []
    for name in FORMS:
        who, url, valid = _forms(world)[name]
        body = "&".join(f"{quote(k)}={quote(v)}" for k, v in valid.items()).encode() + b"&address=%FF%FE%C3"
        client = _client_for(who, world)
        response, before, after, _orphan = _send(
            client, "post", url, body, content_type="application/x-www-form-urlencoded"
        )
        if response.status_code != 400 or after != before:
            problems.append(f"{name}: {response.status_code}, rows {before} -> {after}")
    _assert_none(problems)


@pytest.mark.parametrize("name", list(QUERIES))
def test_it_answers_every_hostile_value_in_every_query_parameter_without_a_server_error(world, name):
    who, url, params = QUERIES[name]
    client = _client_for(who, world)
    # A page reads each parameter on its own, so all of them carry the same hostile value at once.
    problems = [
        _problem(kind, *_send(client, "get", url, dict.fromkeys(params, value))) for kind, value in HOSTILE.items()
    ]
    _assert_none(problems)


@pytest.mark.parametrize("name", list(PATHS))
def test_it_answers_every_hostile_value_in_an_address_without_a_server_error(world, name):
    who, pattern = PATHS[name]
    client = _client_for(who, world)
    problems = []
    for kind, value in HOSTILE.items():
        for method in ("get", "post"):
            url = pattern.format(quote(value, safe=""))
            problems.append(_problem(f"{method} {kind}", *_send(client, method, url)))
    _assert_none(problems)
