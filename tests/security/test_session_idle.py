"""The idle timeout without a write per page: the session is renewed at most once a minute, and an idle
login still ends after SESSION_IDLE_MINUTES."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grids.models import Role

from ..factories import make_staff

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 16, 1, 0, tzinfo=UTC)
SESSION_TABLE = Session._meta.db_table


def _session_writes(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    writes = [
        q["sql"]
        for q in ctx.captured_queries
        if SESSION_TABLE in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    ]
    return status, writes


@pytest.fixture(autouse=True)
def _renewed_once_a_minute(settings):
    # The production setting (tests/conftest.py stretches it for the query-count tests).
    settings.SESSION_RENEW_SECONDS = 60


@pytest.fixture
def traveller():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def office(client, traveller):
    user = make_staff(Role.PETITION_OFFICE, username="office")
    page = client.post(reverse("login"), {"username": "office", "password": "a-long-test-pass"})
    assert page.status_code == 302
    return user


def _expiry(client) -> datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_first_page_after_the_login_writes_no_session(client, office, traveller):
    # The login saved the session and started its idle window: nothing to renew yet.
    status, writes = _session_writes(client, "/")

    assert status == 200
    assert writes == []


def test_a_second_page_within_the_minute_writes_no_session(client, office, traveller):
    traveller.shift(timedelta(seconds=61))
    status, writes = _session_writes(client, "/")  # renews once
    assert (status, len(writes)) == (200, 1)
    traveller.shift(timedelta(seconds=59))

    status, writes = _session_writes(client, "/cases/")

    assert status == 200
    assert writes == []


def test_a_page_a_minute_later_renews_the_idle_window_once(client, office, traveller):
    client.get("/")
    first = _expiry(client)
    traveller.shift(timedelta(seconds=61))

    status, writes = _session_writes(client, "/cases/")

    assert status == 200
    assert len(writes) == 1 and writes[0].lstrip().upper().startswith("UPDATE")
    assert _expiry(client) - first == timedelta(seconds=61)


def test_an_active_login_goes_on_past_the_idle_limit(client, office, traveller):
    for _ in range(4):  # two hours of a page every 29 minutes
        traveller.shift(timedelta(minutes=29))
        assert client.get("/cases/").status_code == 200


def test_thirty_idle_minutes_log_out(client, office, traveller):
    assert client.get("/cases/").status_code == 200
    traveller.shift(timedelta(seconds=30))
    assert client.get("/cases/").status_code == 200  # within the minute: no renewal
    traveller.shift(timedelta(minutes=30))

    page = client.get("/cases/")

    assert page.status_code == 302
    assert page["Location"].startswith(reverse("login"))


def test_an_anonymous_visitor_creates_no_session_row(client, db):
    _status, writes = _session_writes(client, reverse("track"))

    assert writes == []
    assert not Session.objects.exists()


def test_a_logout_is_not_undone_by_the_renewal(client, office, traveller):
    client.get("/")
    traveller.shift(timedelta(minutes=2))

    client.post(reverse("logout"))

    assert not Session.objects.exists()
    assert client.get("/cases/").status_code == 302
