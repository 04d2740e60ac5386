"""The portal's own public address (for QR posters, receipts, SMS and e-mail links) and the office's details.

SITE_URL, when configured, wins. Where it is not, the address the portal is actually reached at is
remembered from the first request (scheme and host, the host already checked against ALLOWED_HOSTS) in
the shared cache, so a Celery worker that never sees a request writes the same links. Never a made-up
address: with nothing known yet a link is the bare path, which is still right on the portal's own pages.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest

_CACHE_KEY = "site-url:seen"
# Long enough to outlive any quiet night; the next request refreshes it after an eviction.
_REMEMBER_SECONDS = 30 * 24 * 3600


def request_origin(request: HttpRequest) -> str:
    """scheme://host of this request, as the browser used it (SECURE_PROXY_SSL_HEADER decides the scheme)."""
    return f"{request.scheme}://{request.get_host()}"


def remember_origin(request: HttpRequest) -> None:
    """Keep the first origin seen while no SITE_URL is configured."""
    if settings.SITE_URL:
        return
    try:
        origin = request_origin(request)
    except DisallowedHost:  # Django answers 400 for a host ALLOWED_HOSTS refuses: never remember it
        return
    cache.add(_CACHE_KEY, origin, _REMEMBER_SECONDS)


def site_url(request: HttpRequest | None = None) -> str:
    """The public address without a trailing slash: SITE_URL, else this request's, else the one remembered."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    if request is not None:
        try:
            return request_origin(request)
        except DisallowedHost:
            return cache.get(_CACHE_KEY) or ""
    return cache.get(_CACHE_KEY) or ""


def absolute(path: str, request: HttpRequest | None = None) -> str:
    """A path on the portal as a full link."""
    return site_url(request) + path


def office_details() -> dict:
    """The petition office's name, phone, address and hours as the receipt and the error pages print them."""
    return {
        "name": str(settings.OFFICE_NAME),
        "phone": settings.OFFICE_PHONE,
        "address": str(settings.OFFICE_ADDRESS),
        "hours": str(settings.OFFICE_HOURS),
    }


class RememberSiteUrlMiddleware:
    """Remembers the first request's origin when SITE_URL is not configured (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        # After the view: a request with a host Django refused has raised by then and is never remembered.
        if not settings.SITE_URL and response.status_code < 400:
            remember_origin(request)
        return response
