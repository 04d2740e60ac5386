"""Service discovery, GET Service List and GET Service Definition, read as a 311 client reads them."""

import pytest

from .spec import ATTRIBUTE_FIELDS, BASE, SERVICE_FIELDS, errors_of, json_body, rows_of, xml_root

pytestmark = pytest.mark.django_db


def test_discovery_is_offered_as_xml_with_the_specs_fields(client, services):
    """Service Discovery: "This url must end in /discovery.<format>" and "Format must be both: xml, json".
    "All fields are required": changeset, contact, key_service, endpoints.endpoint.{specification, url,
    changeset, type, formats.format}."""
    root = xml_root(client.get(f"{BASE}/discovery.xml"))

    assert root.tag == "discovery"
    assert [child.tag for child in root] == ["changeset", "contact", "key_service", "endpoints"]
    (endpoint,) = root.find("endpoints").findall("endpoint")
    assert endpoint.findtext("specification") == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint.findtext("url") == "http://testserver/open311/v2"
    assert endpoint.findtext("type") in ("production", "test")
    assert [f.text for f in endpoint.find("formats").findall("format")] == ["text/xml", "application/json"]


def test_discovery_is_offered_as_json_too(client, services):
    """Service Discovery: "The discovery file must be provided as both XML and JSON" (the Spark convention:
    "endpoints":[{..., "formats":["text/xml", "application/json"]}])."""
    body = json_body(client.get(f"{BASE}/discovery.json"))

    assert sorted(body) == ["changeset", "contact", "endpoints", "key_service"]
    assert body["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert body["endpoints"][0]["formats"] == ["text/xml", "application/json"]


def test_the_endpoints_root_shows_the_discovery_file(client, services):
    """Service Discovery: "You may also wish to offer this at the endpoint for the root of your Open311
    GeoReport v2 URLs since currently nothing is served there"."""
    assert xml_root(client.get(f"{BASE}/")).tag == "discovery"


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_every_active_subject_is_a_service_with_the_specs_fields(client, services, fmt):
    """GET Service List: "provide a list of acceptable 311 service request types and their associated
    service codes"; response fields service_code, service_name, description, metadata, type, keywords,
    group. metadata "true: This service request type requires additional metadata"."""
    services["noise"].__class__.objects.create(code="retired", name="旧事项", is_active=False)

    rows = rows_of(client.get(f"{BASE}/services.{fmt}"), fmt, "services", "service")

    assert [row["service_code"] for row in rows] == ["noise", "illegal-building"]
    for row in rows:
        assert sorted(row) == sorted(SERVICE_FIELDS)
    noise, building = rows
    as_text = (lambda v: v) if fmt == "xml" else (lambda v: str(v).lower())
    assert as_text(noise["metadata"]) == "false"
    assert as_text(building["metadata"]) == "true"
    assert noise["type"] == "realtime"
    assert "Noise" in noise["keywords"] and "噪声扰民" in noise["keywords"]
    assert noise["group"] == "城管执法中队"  # the subject's usual department groups it


def test_the_service_list_speaks_english_to_an_english_client(client, services):
    rows = rows_of(client.get(f"{BASE}/services.json", HTTP_ACCEPT_LANGUAGE="en"), "json")

    assert rows[0]["service_name"] == "Noise"


def test_a_service_definition_lists_its_attributes_in_xml(client, services):
    """GET Service Definition: service_definition ↴ service_code, attributes ⇊ attribute ↴ variable, code,
    datatype, required, datatype_description, order, description, values ⇊ value ↴ key, name."""
    root = xml_root(client.get(f"{BASE}/services/illegal-building.xml"))

    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "illegal-building"
    floor, since = root.find("attributes").findall("attribute")
    assert [child.tag for child in floor][:7] == ATTRIBUTE_FIELDS
    assert (floor.findtext("code"), floor.findtext("datatype"), floor.findtext("required")) == (
        "floor",
        "singlevaluelist",
        "true",
    )
    assert [(v.findtext("key"), v.findtext("name")) for v in floor.find("values").findall("value")] == [
        ("1", "一楼"),
        ("2", "二楼"),
        ("roof", "屋顶"),
    ]
    assert (since.findtext("datatype"), since.findtext("required"), since.findtext("order")) == (
        "datetime",
        "false",
        "2",
    )


def test_a_service_definition_in_json(client, services):
    """The JSON example: {"service_code":"DMV66", "attributes":[{"variable":true, ..., "values":[{"key":..,
    "name":..}]}]}."""
    body = json_body(client.get(f"{BASE}/services/illegal-building.json"))

    assert body["service_code"] == "illegal-building"
    assert body["attributes"][0]["variable"] is True
    assert body["attributes"][0]["required"] is True
    assert body["attributes"][0]["order"] == 1
    assert body["attributes"][0]["values"][2] == {"key": "roof", "name": "屋顶"}


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("code", ["noise", "no-such-service", "retired"])
def test_a_service_without_a_definition_or_unknown_is_404(client, services, fmt, code):
    """GET Service Definition, Possible Errors: "404 - service_code or jurisdiction_id provided were not
    found (specify in error response)". The call "is only necessary if the Service selected has metadata set
    as true": a service without extra fields has no definition."""
    services["noise"].__class__.objects.create(code="retired", name="旧事项", is_active=False)

    response = client.get(f"{BASE}/services/{code}.{fmt}")

    assert response.status_code == 404
    ((status, description),) = errors_of(response, fmt)
    assert status == "404"
    assert code in description


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_an_unknown_resource_answers_with_the_errors_document(client, fmt):
    """Errors: "The HTTP error codes should always be 404 for resources that don't exist"."""
    response = client.get(f"{BASE}/nothing-here.{fmt}")

    assert response.status_code == 404
    assert errors_of(response, fmt)[0][0] == "404"


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("path", ["services", "discovery", "services/illegal-building", "requests/1", "tokens/abc"])
def test_other_methods_get_the_errors_document(client, services, fmt, path):
    """Errors: "basically 400 for any other error": a method the resource does not take is refused in the
    same document (405, the HTTP status for it)."""
    response = client.delete(f"{BASE}/{path}.{fmt}")

    assert response.status_code == 405
    assert errors_of(response, fmt)[0][0] == "405"


def test_a_services_description_says_who_usually_handles_it(client, services):
    """description: "A brief description of the service request type"."""
    rows = rows_of(client.get(f"{BASE}/services.json", HTTP_ACCEPT_LANGUAGE="en"), "json")

    assert rows[0]["description"] == "Noise: usually handled by 城管执法中队."
