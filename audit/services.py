"""Writing the read log: one row per read, one INSERT, from the view that served the data."""

import ipaddress

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from core.addresses import client_ip

from .models import Read

USER_AGENT_LENGTH = Read._meta.get_field("user_agent").max_length
WHAT_LENGTH = Read._meta.get_field("what").max_length


def client_address(request: HttpRequest) -> str | None:
    """The reader's address, as every per-address limit counts it (core.addresses, TRUSTED_PROXY_COUNT)."""
    raw = client_ip(request)
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
