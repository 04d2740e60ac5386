"""GET service_request_id from a token."""

import pytest

from open311.models import Submission

from .spec import BASE, errors_of, json_body, xml_root
from .test_post_request import post_data

pytestmark = pytest.mark.django_db


def test_a_token_gives_its_service_request_id_in_xml(client, services, api_key):
    """Response: service_requests ⇊ request ↴ service_request_id ("The unique ID for the service request
    created") and token ("The token ID used to make this call")."""
    client.post(f"{BASE}/requests.xml", post_data(api_key))
    submission = Submission.objects.get()

    root = xml_root(client.get(f"{BASE}/tokens/{submission.token}.xml"))

    assert root.tag == "service_requests"
    (request,) = root.findall("request")
    assert [child.tag for child in request] == ["service_request_id", "token"]
    assert request.findtext("service_request_id") == str(submission.case_id)
    assert request.findtext("token") == submission.token


def test_a_token_in_json(client, services, api_key):
    """The JSON example: [{"service_request_id":638344, "token":12345}]."""
    client.post(f"{BASE}/requests.xml", post_data(api_key))
    submission = Submission.objects.get()

    assert json_body(client.get(f"{BASE}/tokens/{submission.token}.json")) == [
        {"service_request_id": submission.case_id, "token": submission.token}
    ]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_an_unknown_token_is_404(client, services, fmt):
    """Possible Errors: "404 - jurisdiction_id or token not found (specified in error response)"."""
    response = client.get(f"{BASE}/tokens/0123456789abcdef.{fmt}")

    assert response.status_code == 404
    assert errors_of(response, fmt)[0][0] == "404"
