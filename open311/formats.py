"""The two wire formats of GeoReport v2: schemaless XML without a namespace, and JSON after the Spark
convention (a list of elements is a JSON array, one element an object). Every text is UTF-8."""

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time

from django.http import HttpResponse
from django.utils import timezone

XML_TYPE = "text/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"
FORMATS = ("xml", "json")

# A list's element name -> the name of each item in it (services/service, attributes/attribute, ...).
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


def w3c(moment: datetime | None) -> str | None:
    """A W3C date-time in the town's time, with its offset: 2026-12-02T09:30:00+08:00."""
    if moment is None:
        return None
    return timezone.localtime(moment).isoformat(timespec="seconds")


def w3c_day_end(day: date | None) -> str | None:
    """The end of a due day in the town's time (a limit is met on any hour of its last day)."""
    if day is None:
        return None
    return w3c(timezone.make_aware(datetime.combine(day, time(23, 59, 59))))


# What XML 1.0 cannot carry, even escaped: a name typed in the admin with one must not break the document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            _fill(ET.SubElement(element, key), inner)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        item = ITEM_NAMES[element.tag]
        for inner in value:
            _fill(ET.SubElement(element, item), inner)
    else:
        element.text = _text(value)


def to_xml(root: str, value) -> bytes:
    element = ET.Element(root)
    _fill(element, value)
    # ElementTree escapes <, > and & in text: posted content never becomes markup.
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="unicode").encode()


def respond(fmt: str, root: str, value, status: int = 200) -> HttpResponse:
    """The document in the format the URL asked for; `root` is the XML root (services, service_requests...)."""
    if fmt == "json":
        body = json.dumps(value, ensure_ascii=False).encode()
        response = HttpResponse(body, content_type=JSON_TYPE, status=status)
    else:
        response = HttpResponse(to_xml(root, value), content_type=XML_TYPE, status=status)
    # Public data, but a client must always see the current status.
    response["Cache-Control"] = "no-store"
    return response


def error(fmt: str, status: int, *messages: str, code: int | None = None) -> HttpResponse:
    """The GeoReport errors document: one error per message, its code the HTTP status unless told."""
    errors = [{"code": code or status, "description": message} for message in messages]
    return respond(fmt, "errors", errors, status=status)
