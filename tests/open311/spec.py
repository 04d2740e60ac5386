"""Helpers shared by the Open311 tests: the endpoint, reading both formats, the spec's field names.

The field names below are copied from the GeoReport v2 specification's response tables
(wiki.open311.org/GeoReport_v2), not from our own output."""

import json
import xml.etree.ElementTree as ET

BASE = "/open311/v2"

# "GET Service List" response: services ⇊ service ↴
SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
# "GET Service Requests" / "GET Service Request" response: service_requests ⇊ request ↴
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
# "GET Service Definition": attributes ⇊ attribute ↴
ATTRIBUTE_FIELDS = ["variable", "code", "datatype", "required", "datatype_description", "order", "description"]
# "Errors": errors ⇊ error ↴
ERROR_FIELDS = ["code", "description"]


def xml_root(response) -> ET.Element:
    """XML: "Content-Type: text/xml; charset=utf-8" and "the root element must be preceded with the XML
    declaration including the encoding="UTF-8" attribute"."""
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    head = response.content.split(b"?>", 1)[0].lower()
    assert head.startswith(b"<?xml") and b'encoding="utf-8"' in head
    return ET.fromstring(response.content)  # noqa: S314 -- our own answer, parsed as any 311 client would


def json_body(response):
    """JSON: "Content-Type: application/json; charset=utf-8"."""
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content.decode("utf-8"))


def xml_errors(response) -> list[tuple[str, str]]:
    root = xml_root(response)
    assert root.tag == "errors"
    errors = root.findall("error")
    assert errors, "an errors document holds at least one error"
    for error in errors:
        assert [child.tag for child in error] == ERROR_FIELDS
    return [(e.findtext("code"), e.findtext("description")) for e in errors]


def json_errors(response) -> list[dict]:
    body = json_body(response)
    assert isinstance(body, list) and body
    for error in body:
        assert sorted(error) == sorted(ERROR_FIELDS)
    return body


def errors_of(response, fmt: str) -> list[tuple[str, str]]:
    """The errors document in either format, as (code, description) pairs."""
    if fmt == "xml":
        return xml_errors(response)
    return [(str(e["code"]), e["description"]) for e in json_errors(response)]


def rows_of(response, fmt: str, root: str = "service_requests", item: str = "request") -> list[dict]:
    """A list document as dicts of text (XML) or values (JSON)."""
    if fmt == "xml":
        element = xml_root(response)
        assert element.tag == root
        return [{child.tag: child.text for child in row} for row in element.findall(item)]
    body = json_body(response)
    assert isinstance(body, list)
    return body
