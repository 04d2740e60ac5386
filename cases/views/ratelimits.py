"""Rate limits at intake, on the shared cache (Redis in production) through django-ratelimit."""

from django.conf import settings
from django_ratelimit.core import is_ratelimited

from ..identity import normalize_tracking_code


def web_intake_limited(request) -> bool:
    """Count a web submission from this address; True once the address sent too many."""
    return is_ratelimited(
        request, group="web-intake", key="ip", rate=settings.WEB_INTAKE_RATE, method="POST", increment=True
    )


def _code_key(group, request) -> str:
    return normalize_tracking_code(request.POST.get("code", ""))


def track_blocked(request) -> str:
    """'' if a tracking attempt may go ahead, else 'slow' (wait a little) or 'blocked' (wait a day).

    Only failures count (see track_failed): a resident who types right is never slowed.
    """
    for rate, verdict in ((settings.TRACK_BLOCK_RATE, "blocked"), (settings.TRACK_SLOW_RATE, "slow")):
        for group, key in (("track-ip", "ip"), ("track-code", _code_key)):
            if is_ratelimited(request, group=f"{group}-{verdict}", key=key, rate=rate, method="POST", increment=False):
                return verdict
    return ""


def track_failed(request) -> None:
    """Count one failed attempt against the address and against the code that was tried."""
    for rate, verdict in ((settings.TRACK_BLOCK_RATE, "blocked"), (settings.TRACK_SLOW_RATE, "slow")):
        for group, key in (("track-ip", "ip"), ("track-code", _code_key)):
            is_ratelimited(request, group=f"{group}-{verdict}", key=key, rate=rate, method="POST", increment=True)
