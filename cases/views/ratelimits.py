"""Rate limits at intake, on the shared cache (Redis in production) through django-ratelimit.

Tracking counts failures only, so a resident who types right is never slowed. The blocking is per
address: TRACK_SLOW_RATE failures (5 in 10 minutes) ask it to wait ten minutes, TRACK_BLOCK_RATE (20 a
day) pause it until the next day. Per code nothing blocks, so strangers failing on a code never lock its
petitioner out: once a code has TRACK_CODE_RATE failures (10 in an hour) from anywhere, an address that
has itself failed on that code TRACK_CODE_RETRIES times (2) waits until the hour is over, while an address
with fewer failures on it is still answered.
"""

from django.conf import settings
from django_ratelimit.core import get_usage, is_ratelimited

from core.addresses import client_ip

from ..identity import normalize_tracking_code

TRACK_CODE_RETRIES = 2


def _web_intake_key(platform_code: str):
    # Per platform and address: a community platform where staff help residents over one Wi-Fi is one
    # address, and a flood there must not stop the form at any other platform.
    return lambda group, request: f"{platform_code.upper()}|{client_ip(request)}"


def web_intake_limited(request, platform_code: str) -> bool:
    """True once this address sent WEB_INTAKE_RATE accepted submissions to this platform. Counts nothing."""
    usage = get_usage(
        request,
        group="web-intake",
        key=_web_intake_key(platform_code),
        rate=settings.WEB_INTAKE_RATE,
        method="POST",
        increment=False,
    )
    # The limit is how many are accepted: with that many counted, the next one is refused.
    return usage is not None and usage["count"] >= usage["limit"]


def web_intake_accepted(request, platform_code: str) -> None:
    """Count one accepted submission: a form sent back for a correction is never counted."""
    is_ratelimited(
        request,
        group="web-intake",
        key=_web_intake_key(platform_code),
        rate=settings.WEB_INTAKE_RATE,
        method="POST",
        increment=True,
    )


def _code_key(group, request) -> str:
    return normalize_tracking_code(request.POST.get("code", ""))


def _code_and_address_key(group, request) -> str:
    return f"{_code_key(group, request)}|{client_ip(request)}"


def _limits():
    """(group, key, rate, verdict) of each count kept, the one that says 'blocked' first."""
    return (
        ("track-ip-blocked", "ip", settings.TRACK_BLOCK_RATE, "blocked"),
        ("track-ip-slow", "ip", settings.TRACK_SLOW_RATE, "slow"),
        ("track-code", _code_key, settings.TRACK_CODE_RATE, ""),
        ("track-code-ip", _code_and_address_key, f"{TRACK_CODE_RETRIES}/h", ""),
    )


def _over(request, group, key, rate, *, increment: bool) -> bool:
    return is_ratelimited(request, group=group, key=key, rate=rate, method="POST", increment=increment)


def track_blocked(request) -> str:
    """'' if a tracking attempt may go ahead, else 'blocked' (wait a day), 'slow' (ten minutes) or 'guarded'
    (this code is being guessed at and this address already used its retries on it: wait the hour out)."""
    ip_block, ip_slow, code, pair = _limits()
    for group, key, rate, verdict in (ip_block, ip_slow):
        if _over(request, group, key, rate, increment=False):
            return verdict
    if _over(request, *code[:3], increment=False) and _count(request, *pair[:3]) >= TRACK_CODE_RETRIES:
        return "guarded"
    return ""


def _count(request, group, key, rate) -> int:
    usage = get_usage(request, group=group, key=key, rate=rate, method="POST", increment=False)
    return usage["count"] if usage else 0


def track_failed(request) -> None:
    """Count one failed attempt against the address, the code that was tried, and the two together."""
    for group, key, rate, _verdict in _limits():
        _over(request, group, key, rate, increment=True)
