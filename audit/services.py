"""Writing the read log: one row per read, one INSERT, from the view that served the data."""

import ipaddress

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from .models import Read

USER_AGENT_LENGTH = Read._meta.get_field("user_agent").max_length
WHAT_LENGTH = Read._meta.get_field("what").max_length


def client_address(request: HttpRequest) -> str | None:
    """The reader's address: the connection's, or the proxy's X-Forwarded-For only when a setting trusts it.

    An untrusted X-Forwarded-For is whatever the client typed, so it is ignored by default.
    """
    raw = request.META.get("REMOTE_ADDR", "")
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            # The trusted proxy appends the address it saw last: the rightmost entry is the one it vouches for.
            raw = forwarded.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def read_logged(request: HttpRequest, *, kind: str, obj: models.Model | None = None, what: str = "") -> Read:
    """Record that the logged-in person read `obj` (or `what`); a reference only, never the data."""
    content_type = ContentType.objects.get_for_model(obj) if obj is not None else None  # cached after the first
    return Read.objects.create(
        user=request.user,
        kind=kind,
        content_type=content_type,
        object_id=obj.pk if obj is not None else None,
        what=what[:WHAT_LENGTH],
        address=client_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
    )
