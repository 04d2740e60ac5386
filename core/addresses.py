"""The client's address, written once: every per-address limit (login, tracking, the web form) and the read log
ask here, so they agree on who is who behind a reverse proxy.

TRUSTED_PROXY_COUNT says how many proxies in front of the portal append to X-Forwarded-For. With none (the
default) the header is whatever the client typed and is ignored. With N, the Nth address from the right is
the one the outermost trusted proxy saw: everything left of it the client may have made up.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(raw: str) -> str | None:
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address to count and log this request under ('' only if the connection gave none)."""
    connection = request.META.get("REMOTE_ADDR", "") or ""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(chain) >= proxies:
            seen = _valid(chain[-proxies])
            if seen is not None:
                return seen
    return _valid(connection) or connection
