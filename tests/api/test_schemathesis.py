"""Schemathesis against /api/schema/: generated requests, as an officer with a token, through the WSGI app in
this process. No answer may be a server error or differ from the schema (status, content type, body, headers)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from apitokens.services import token_issue
from cases.models import Status

pytestmark = pytest.mark.django_db

# Examples per endpoint: the whole run stays near a minute on a shared 2-core machine.
EXAMPLES = 25
# The officer's token, set by the fixture for the generated requests.
HEADERS: dict[str, str] = {}


@pytest.fixture
def api_schema(people, case_at, settings):
    from zhuanqiao.wsgi import application

    # Generated requests come fast: the per-token limit is not what is tested here.
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "token": "100000/min", "user": "100000/min"},
    }
    for status in (Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS, Status.REPLIED):
        case_at(status)
    _token, key = token_issue(user=people["officer"], name="schemathesis")
    headers = {"Authorization": f"Bearer {key}"}
    # The WSGI app runs inside the test's transaction: it must not close the connection after each request,
    # as it would between real requests (Django's test client does the same).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    loaded = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, headers=headers)
    HEADERS.clear()
    HEADERS.update(headers)
    yield loaded
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    # Generated examples only: the boundary cases of every field (the explicit phase) took minutes here.
    phases=[Phase.generate],
)
def test_every_endpoint_answers_within_its_schema_and_never_with_a_server_error(case):
    # Schema-valid is not always acceptable: an id that names no department, a cursor this list never gave out,
    # a step the case's state does not allow are refused with 400/409 and the error body, as the schema says.
    # And the list reads an empty filter as no filter (as the queue's page does), which the schema's formats
    # cannot say. What is checked: no server error, and every answer as the schema describes it.
    case.call_and_validate(headers=HEADERS, excluded_checks=[positive_data_acceptance, negative_data_rejection])
