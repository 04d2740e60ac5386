"""The portal's own error pages (400, 403, 404, 429, 500, 503, a refused form), in the reader's language, each
saying what to do next. Wired in zhuanqiao/urls.py (handler400 ...) and settings (CSRF_FAILURE_VIEW,
RATELIMIT_VIEW).

The 400 and 500 pages render without the request's context processors: whatever broke (the database, the
session) must not break the page that says so.
"""

import errno
import logging
import sys

from django.core.exceptions import DisallowedHost
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_ratelimit.exceptions import Ratelimited

from .site import office_details

logger = logging.getLogger(__name__)

# How long a browser or a proxy should wait before trying again after an outage: a PostgreSQL restart takes seconds.
RETRY_AFTER_SECONDS = 30
_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT})

# How long a refused reader is asked to wait: the shortest window of the portal's limits (tracking's ten minutes).
WAIT_MINUTES = 10


def _back(request: HttpRequest) -> str:
    """The page the reader came from, if it is one of ours (no script: the CSP allows none inline)."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        ours = url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()})
    except DisallowedHost:
        return ""
    return referer if referer and ours else ""


def _bare(request: HttpRequest, template: str, status: int, **context) -> HttpResponse:
    """A page from the template alone: no session, no user, no database."""
    body = loader.get_template(template).render({"office": office_details(), "back": _back(request), **context})
    return HttpResponse(body, status=status)


def _page(request: HttpRequest, template: str, status: int, **context) -> HttpResponse:
    context = {"office": office_details(), "back": _back(request), **context}
    return render(request, template, context, status=status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    # Django turns a session that could not be saved into a 400 (SessionInterrupted); when the database
    # dropped it, that is the passing outage, not the reader's mistake.
    if is_outage(exception):
        logger.warning("Served 503 for a passing outage behind a 400: %s", exception)
        return unavailable(request)
    return _bare(request, "errors/400.html", 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    if isinstance(exception, Ratelimited):  # a limit is a PermissionDenied to Django: answer it as one
        return too_many_requests(request, exception)
    signed_in = bool(getattr(request, "user", None) and request.user.is_authenticated)
    login = f"{reverse('login')}?next={request.path}"
    return _page(request, "errors/403.html", 403, signed_in=signed_in, login_url=login)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return _page(request, "errors/404.html", 404)


def _database_down_errors() -> tuple[type[BaseException], ...]:
    # Django wraps the driver's errors, but not every one: a cursor closed on a dead connection while a
    # template iterates a queryset raises the driver's own OperationalError (psycopg2's, sqlite3's).
    driver = connections[DEFAULT_DB_ALIAS].Database
    return (OperationalError, InterfaceError, driver.OperationalError, driver.InterfaceError)


def is_outage(exc: BaseException | None) -> bool:
    """The database is unreachable or dropped the connection (restarting, out of connections), or the disk
    has no room left: the error itself, or what caused it (a template or a wrapper may raise its own on top).
    A passing outage, not a bug: the next request, on a fresh connection, works again by itself."""
    down = _database_down_errors()
    for _depth in range(5):
        if exc is None:
            return False
        if isinstance(exc, down) or (isinstance(exc, OSError) and exc.errno in _NO_ROOM):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 page. Like the 500 it reads nothing from the database (no session, no user), the very thing
    that may be down; the language is the one LocaleMiddleware chose."""
    response = _bare(request, "errors/503.html", 503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: Django calls it from inside the exception's handling, wherever the request failed (a
    view, a middleware reading the session, the session's save), so sys.exc_info() names the cause."""
    exc = sys.exc_info()[1]
    if is_outage(exc):
        logger.warning("Served 503 for a passing outage: %s: %s", type(exc).__name__, exc)
        return unavailable(request)
    return _bare(request, "errors/500.html", 500)


def too_many_requests(request: HttpRequest, exception=None) -> HttpResponse:
    """A limit was reached (a Ratelimited raised anywhere): how long to wait, and who to call meanwhile."""
    return _page(request, "errors/429.html", 429, wait_minutes=WAIT_MINUTES)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused because its security token was missing or old: usually a page left open too long."""
    return _bare(request, "errors/403_csrf.html", 403)
