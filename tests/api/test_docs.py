"""The OpenAPI document and Swagger UI: for staff only, served from here (no CDN), within the CSP."""

import re

import pytest
import yaml

pytestmark = pytest.mark.django_db


def test_the_schema_and_the_docs_are_for_logged_in_staff_only(client):
    assert client.get("/api/schema/").status_code == 401
    assert client.get("/api/docs/").status_code == 401


def test_the_schema_is_openapi_3_1_with_every_api_path(client, people):
    client.force_login(people["officer"])
    page = client.get("/api/schema/")
    assert page.status_code == 200
    schema = yaml.safe_load(page.content)
    assert schema["openapi"].startswith("3.1")
    for path in ("/api/v1/cases/", "/api/v1/cases/{id}/", "/api/v1/dashboard/", "/api/v1/petitioners/lookup/"):
        assert path in schema["paths"], path
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_swagger_ui_loads_only_files_of_the_portal(client, people):
    client.force_login(people["officer"])
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    assert "<script>" not in html.replace(" ", ""), "no inline script: the CSP allows none"
    assert "default-src 'self'" in page["Content-Security-Policy"]
    for src in sources:
        if src.startswith("/static/"):
            continue
        assert client.get(src).status_code == 200, src
