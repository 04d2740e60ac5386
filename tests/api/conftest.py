"""The API's tests: the handling tests' small town and cast, and a client whose every answer is checked
against the OpenAPI schema the portal publishes (/api/schema/)."""

import json
from functools import cache

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from rest_framework.renderers import JSONRenderer

from ..cases.handling.conftest import case_at, people, subject  # noqa: F401 - fixtures shared with the pages' tests


@cache
def schema_dict() -> dict:
    """The schema as /api/schema/ serves it, made once per test run."""
    return json.loads(JSONRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


@cache
def openapi() -> OpenAPI:
    return OpenAPI.from_dict(schema_dict())


class _Request(DjangoOpenAPIRequest):
    # Checking an answer needs the request's path and method, not its body (an upload's body was read already).
    @property
    def body(self) -> bytes:
        return b""


def check_against_schema(response) -> None:
    """The answer is one the schema describes: its status, its content type, its body."""
    if getattr(response, "streaming", False):
        return  # a file download: the schema says binary, there is no JSON to check
    openapi().validate_response(_Request(response.wsgi_request), DjangoOpenAPIResponse(response))


class ApiClient(Client):
    """Django's test client speaking JSON to /api/v1/, checking every answer against the schema."""

    def request(self, **request):
        response = super().request(**request)
        match = response.wsgi_request.resolver_match
        if request.get("PATH_INFO", "").startswith("/api/v1/") and match and match.url_name != "api-not-found":
            check_against_schema(response)
        return response

    def post_json(self, path, data=None, **extra):
        return self.post(path, data=json.dumps(data), content_type="application/json", **extra)


@pytest.fixture
def api():
    return ApiClient()


@pytest.fixture
def api_as(api, people):  # noqa: F811 - the fixture imported above
    """api_as("officer") logs that person of the cast in and returns the client."""

    def login(who):
        api.force_login(people[who] if isinstance(who, str) else who)
        return api

    return login
