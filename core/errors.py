"""The server-error page: a database that is down (restarting, unreachable, out of connections) or a disk
that is full is a passing outage, not a bug, so the reader gets a clear 503 in their language instead of a
500, and the next request, on a fresh connection, works again by itself."""

import errno
import logging
import sys

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.defaults import server_error as plain_server_error

logger = logging.getLogger(__name__)

# How long a browser or a proxy should wait before trying again: a PostgreSQL restart takes seconds.
RETRY_AFTER_SECONDS = 30
_NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT})


def _database_down_errors() -> tuple[type[BaseException], ...]:
    # Django wraps the driver's errors, but not every one: a cursor closed on a dead connection while a
    # template iterates a queryset raises the driver's own OperationalError (psycopg2's, sqlite3's).
    driver = connections[DEFAULT_DB_ALIAS].Database
    return (OperationalError, InterfaceError, driver.OperationalError, driver.InterfaceError)


def is_outage(exc: BaseException | None) -> bool:
    """The database is unreachable or dropped the connection, or the disk has no room left: the error
    itself, or what caused it (a template or a wrapper may raise its own on top)."""
    down = _database_down_errors()
    for _depth in range(5):
        if exc is None:
            return False
        if isinstance(exc, down) or (isinstance(exc, OSError) and exc.errno in _NO_ROOM):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def unavailable(request: HttpRequest | None = None) -> HttpResponse:
    """The 503 page. It reads nothing from the database (no session, no user, no context processors),
    which is the very thing that may be down; the language is the one LocaleMiddleware chose."""
    body = render_to_string("503.html", {"LANGUAGE_CODE": get_language()})
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """handler500: Django calls it from inside the exception's handling, wherever the request failed (a
    view, a middleware reading the session, the session's save), so sys.exc_info() names the cause."""
    exc = sys.exc_info()[1]
    if is_outage(exc):
        logger.warning("Served 503 for a passing outage: %s: %s", type(exc).__name__, exc)
        return unavailable(request)
    return plain_server_error(request, *args, **kwargs)
