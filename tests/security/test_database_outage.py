"""PostgreSQL restarting under load: each request either works or gets a clear 503 in the reader's
language (never a 500), nothing is half-written, and the portal recovers by itself."""

import http.cookiejar
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from unittest import mock

import psycopg2
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from cases.models import Case, CaseEvent
from cases.services import intake as intake_services
from grids.models import Role

from ..cases.intake.helpers import web_post
from ..factories import make_staff

DOWN = OperationalError("terminating connection due to administrator command")


def _client(**kwargs) -> Client:
    # A real server turns an exception into the error page; the test client would re-raise it instead.
    return Client(raise_request_exception=False, **kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"),
    [("zh-hans", "系统暂时无法使用"), ("en", "The portal is briefly unavailable")],
)
def test_a_database_error_in_a_view_is_a_503_in_the_readers_language(town, language, words):
    with mock.patch("cases.views.public._platform_by_code", side_effect=DOWN):
        page = _client().get(reverse("web-form", args=[town["hall"].code]), HTTP_ACCEPT_LANGUAGE=language)

    assert page.status_code == 503
    assert words in page.content.decode()
    assert page["Retry-After"] == "30"
    assert "Traceback" not in page.content.decode()


@pytest.mark.django_db
def test_a_database_error_while_reading_the_session_is_a_503_too(town):
    user = make_staff(Role.PETITION_OFFICE, username="office")
    client = _client()
    client.force_login(user)

    with mock.patch.object(SessionStore, "load", side_effect=DOWN):
        page = client.get("/cases/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert page.status_code == 503
    assert "系统暂时无法使用" in page.content.decode()


@pytest.mark.django_db
def test_the_drivers_own_error_from_a_cursor_closed_mid_template_is_a_503_too(town):
    # Django wraps most driver errors, not one raised by closing a cursor on a dead connection.
    raw = connection.Database.OperationalError("server closed the connection unexpectedly")
    with mock.patch("cases.views.public._platform_by_code", side_effect=raw):
        page = _client().get(reverse("web-form", args=[town["hall"].code]), HTTP_ACCEPT_LANGUAGE="en")

    assert page.status_code == 503


@pytest.mark.django_db
def test_any_other_error_is_still_a_plain_500(town):
    with mock.patch("cases.views.public._platform_by_code", side_effect=ValueError("a bug")):
        page = _client().get(reverse("web-form", args=[town["hall"].code]))

    assert page.status_code == 500


# --- The real thing: every backend of the test database terminated while requests run ---------------


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


class Browser:
    """One resident's browser against the live server: cookies, the CSRF token, the form."""

    TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self, base: str, code: str):
        self.base, self.code = base, code
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode()

    def get_form(self) -> tuple[int, str]:
        url = f"{self.base}/s/{self.code}/"  # the live server's http:// address
        return self._open(urllib.request.Request(url, headers={"Accept-Language": "zh-hans"}))  # noqa: S310

    def submit(self, key: str) -> tuple[int, str]:
        status, html = self.get_form()
        if status != 200:
            return status, html
        data = {**web_post(submission_key=key), "csrfmiddlewaretoken": self.TOKEN.search(html).group(1)}
        request = urllib.request.Request(  # noqa: S310 (the live server's http:// address)
            f"{self.base}/s/{self.code}/",
            data=urllib.parse.urlencode(data).encode(),
            headers={"Accept-Language": "zh-hans", "Referer": f"{self.base}/s/{self.code}/"},
        )
        return self._open(request)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _terminate_backends(dsn: dict, database: str) -> int:
    """What a restart looks like to the portal: every connection to its database cut at once."""
    with psycopg2.connect(**dsn) as admin, admin.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_terminating_every_backend_under_load_gives_503s_then_recovers(live_server, town, settings):
    if not _is_postgres():
        pytest.skip("a PostgreSQL restart needs PostgreSQL")
    settings.WEB_INTAKE_RATE = "100000/m"
    code = town["hall"].code
    database = connection.settings_dict["NAME"]
    params = connection.get_connection_params()
    dsn = {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}
    dsn["dbname"] = "postgres"

    # Each submission holds its transaction open a moment after the case is inserted, so the cut lands
    # inside transactions as a restart would, not only between requests.
    real_notify = intake_services.notify_resident

    def slow_notify(**kwargs):
        time.sleep(0.05)
        return real_notify(**kwargs)

    results: list[tuple[str, int, str]] = []
    stop = threading.Event()

    def resident(n: int) -> None:
        browser = Browser(live_server.url, code)
        i = 0
        while not stop.is_set():
            i += 1
            status, html = browser.submit(f"storm-{n}-{i}")
            results.append(("post", status, html))

    terminated = 0
    with mock.patch.object(intake_services, "notify_resident", slow_notify):
        workers = [threading.Thread(target=resident, args=(n,)) for n in range(4)]
        for w in workers:
            w.start()
        time.sleep(0.5)
        for _ in range(8):
            terminated += _terminate_backends(dsn, database)
            time.sleep(0.25)
        time.sleep(0.3)
        stop.set()
        for w in workers:
            w.join(timeout=60)
    connection.close()  # the test's own connection was cut too; the next query opens a new one

    statuses = [status for _kind, status, _html in results]
    assert terminated > 0
    assert statuses, "no request ran"
    assert set(statuses) <= {200, 302, 503}, sorted(set(statuses))
    assert 503 in statuses, "the cuts never landed inside a request"
    for _kind, status, html in results:
        if status == 503:
            assert "系统暂时无法使用" in html and "Traceback" not in html
    # Nothing half-written: each case has its petitioner and its registration event, and no event or
    # petitioner link is left without its case.
    posts_through = statuses.count(302)
    cases = Case.objects.count()
    assert posts_through <= cases <= len(statuses)
    for case in Case.objects.prefetch_related("events", "case_petitioners"):
        assert [e.kind for e in case.events.all()] == [CaseEvent.Kind.REGISTERED]
        assert len(case.case_petitioners.all()) == 1
    assert CaseEvent.objects.count() == cases

    # And the next requests work again, by themselves.
    browser = Browser(live_server.url, code)
    assert browser.get_form()[0] == 200
    assert browser.submit("after-the-restart")[0] == 302
    assert Case.objects.filter(submission_key="after-the-restart").exists()


def test_a_session_lost_with_the_database_is_a_503_not_a_400():
    # Django raises SessionInterrupted (a 400) when the session's save fails: here the database is what failed,
    # chained as Django chains it (the database error, then UpdateError, then SessionInterrupted).
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.exceptions import SessionInterrupted
    from django.db import OperationalError
    from django.test import RequestFactory

    from core.errors import bad_request

    def save_the_session():
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError:
            raise UpdateError  # noqa: B904 (chained implicitly, as Django does)

    try:
        try:
            save_the_session()
        except UpdateError:
            raise SessionInterrupted("The request's session was deleted before the request completed.")  # noqa: B904
    except SessionInterrupted as interrupted:
        page = bad_request(RequestFactory().get("/"), interrupted)

    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    assert bad_request(RequestFactory().get("/"), SessionInterrupted("a plain one")).status_code == 400
