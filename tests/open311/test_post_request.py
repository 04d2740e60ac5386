"""POST Service Request: a 311 client creates a case through the same intake as the 信访解忧码 form."""

import pytest

from cases.models import Case, CaseEvent, Channel, Petitioner, Status
from grids.models import Role
from notifications.models import Notification
from notifications.sms import ConsoleSmsBackend
from open311.models import ApiKey, Submission, new_api_key
from tests.factories import make_staff

from .spec import BASE, errors_of, json_body, rows_of, xml_root

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sms():
    ConsoleSmsBackend.sent.clear()
    return ConsoleSmsBackend.sent


def post_data(api_key, /, **overrides) -> dict:
    """Modelled on the spec's example request: api_key, service_code, lat, long, address_string, email,
    first_name, last_name, phone, description, media_url (device_id and account_id are optional)."""
    data = {
        "api_key": api_key.raw,
        "service_code": "noise",
        "lat": "31.0501",
        "long": "121.4002",
        "address_string": "颛桥镇银一路12号",
        "email": "resident@example.cn",
        "device_id": "tt222111",
        "account_id": "123456",
        "first_name": "四",
        "last_name": "李",
        "phone": "13912345678",
        "description": "楼下饭店每晚排风扇噪声很大",
        "media_url": "http://photos.example.cn/2212426634.jpg",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_posted_request_becomes_a_web_case_of_the_keys_platform_in_xml(
    client, services, api_key, sms, django_capture_on_commit_callbacks
):
    """POST Service Request: "Format sent Content-Type: application/x-www-form-urlencoded"; response
    service_requests ⇊ request ↴ service_request_id, service_notice, account_id. "service_request_id ...
    This should not be returned if token is returned" (a realtime service returns the id)."""
    office = make_staff(Role.PETITION_OFFICE)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}/requests.xml", post_data(api_key))

    assert response.status_code == 200
    root = xml_root(response)
    assert root.tag == "service_requests"
    (request,) = root.findall("request")
    assert request.find("token") is None
    case = Case.objects.get()
    assert request.findtext("service_request_id") == str(case.pk)
    assert case.tracking_code in request.findtext("service_notice")
    assert (case.channel, case.platform, case.status, case.subject.code) == (
        Channel.WEB,
        api_key.platform,
        Status.REGISTERED,
        "noise",
    )
    assert case.community.code == "yinyi"  # the lat/long lies by 银一居委's point
    assert "楼下饭店每晚排风扇噪声很大" in case.what_happened
    assert "resident@example.cn" in case.what_happened and "2212426634.jpg" in case.what_happened
    assert case.case_petitioners.get().petitioner.name == "李四"
    assert case.submission_key.startswith("o311-")
    # The intake's own follow-ups: the resident's SMS with the tracking code, the petition office's notice.
    assert sms and sms[0][0] == "13912345678" and case.tracking_code in sms[0][1]
    registered = case.events.get(kind=CaseEvent.Kind.REGISTERED)
    assert Notification.objects.filter(subject_id=registered.pk, recipient=office).exists()
    assert Submission.objects.get(case=case).api_key == api_key


def test_a_posted_request_in_json(client, services, api_key):
    """The JSON example: [{"service_request_id":293944, "service_notice":"...", "account_id":null}]."""
    body = json_body(client.post(f"{BASE}/requests.json", post_data(api_key)))

    (request,) = body
    assert request["service_request_id"] == Case.objects.get().pk
    assert "account_id" in request and "token" not in request


def test_the_same_post_again_soon_creates_no_second_case(client, services, api_key, sms):
    """A client retrying after a timeout sends the same post again: it gets the first one's id."""
    first = json_body(client.post(f"{BASE}/requests.json", post_data(api_key)))
    again = json_body(client.post(f"{BASE}/requests.json", post_data(api_key)))

    assert Case.objects.count() == 1
    assert again[0]["service_request_id"] == first[0]["service_request_id"]
    other = json_body(client.post(f"{BASE}/requests.json", post_data(api_key, description="另一件事")))
    assert other[0]["service_request_id"] != first[0]["service_request_id"]


def test_the_same_post_after_the_window_is_a_new_case(services, api_key, settings):
    from open311.inputs import posted_request
    from open311.services import request_create

    class Data(dict):
        def getlist(self, key):
            return [self[key]] if key in self else []

    posted = posted_request(Data(post_data(api_key)))
    first, _pin = request_create(api_key=api_key, posted=posted, now=1_000_000)
    same, _pin = request_create(api_key=api_key, posted=posted, now=1_000_000 + settings.OPEN311_REPEAT_SECONDS)
    later, _pin = request_create(api_key=api_key, posted=posted, now=1_000_000 + 3 * settings.OPEN311_REPEAT_SECONDS)

    assert same == first
    assert later != first


def test_a_request_without_a_name_is_anonymous_and_gets_its_pin_once(client, services, api_key):
    body = json_body(
        client.post(f"{BASE}/requests.json", post_data(api_key, first_name="", last_name="", phone="", email=""))
    )
    again = json_body(
        client.post(f"{BASE}/requests.json", post_data(api_key, first_name="", last_name="", phone="", email=""))
    )

    case = Case.objects.get()
    assert case.is_anonymous and not Petitioner.objects.exists()
    assert case.tracking_pin_hash
    assert "PIN" in body[0]["service_notice"] or "密码" in body[0]["service_notice"]
    assert again[0]["service_notice"] != body[0]["service_notice"]  # never shown twice


def test_address_id_names_the_community(client, services, api_key, town):
    """address_id: "The internal address ID used by a jurisdiction's master address repository": here a
    community's code."""
    client.post(f"{BASE}/requests.json", post_data(api_key, lat="", long="", address_string="", address_id="beiqiao"))

    assert Case.objects.get().community == town["community_b"]


def test_an_address_string_naming_a_community_finds_it(client, services, api_key, town):
    """address_string: "Human entered address or description of location"."""
    client.post(f"{BASE}/requests.json", post_data(api_key, lat="", long="", address_string="北桥居委3号楼门口"))

    case = Case.objects.get()
    assert case.community == town["community_b"]
    assert case.address == "北桥居委3号楼门口"


def test_a_service_with_attributes_takes_their_answers(client, services, api_key):
    """attribute: "This takes the form of attribute[code]=value"."""
    response = client.post(
        f"{BASE}/requests.xml",
        post_data(api_key, service_code="illegal-building", **{"attribute[floor]": "roof"}),
    )

    assert response.status_code == 200
    assert "在哪一层: 屋顶" in Case.objects.get().what_happened


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_missing_api_key_is_403(client, services, api_key, fmt):
    """Errors: "403 - Missing or Invalid API Key (specify in error message)"; POST Service Request
    "Requires API Key: Yes"."""
    response = client.post(f"{BASE}/requests.{fmt}", post_data(api_key, api_key=""))

    assert response.status_code == 403
    ((code, description),) = errors_of(response, fmt)
    assert code == "403" and "api_key" in description
    assert not Case.objects.exists()


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("wrong", ["xyz", "zq311_" + "A" * 43, "x" * 5000], ids=["short", "well-formed", "huge"])
def test_a_wrong_api_key_is_403(client, services, api_key, fmt, wrong):
    """The spec's example: HTTP/1.1 403 Forbidden, <code>403</code>, "Invalid api_key received -- can't
    proceed with create_request."."""
    response = client.post(f"{BASE}/requests.{fmt}", post_data(api_key, api_key=wrong))

    assert response.status_code == 403
    assert errors_of(response, fmt)[0][0] == "403"
    assert not Case.objects.exists()


def test_a_switched_off_key_is_refused(client, services, api_key):
    ApiKey.objects.filter(pk=api_key.pk).update(is_active=False)

    assert client.post(f"{BASE}/requests.xml", post_data(api_key)).status_code == 403


def test_only_a_hash_of_the_key_is_stored(api_key):
    stored = ApiKey.objects.values_list("key_hash", "key_start").get()

    assert api_key.raw not in "".join(stored)
    assert len(stored[0]) == 64 and api_key.raw.startswith(stored[1])


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_an_unknown_service_code_is_404(client, services, api_key, fmt):
    """POST Service Request, Possible Errors: "404 - service_code or jurisdiction_id was not found
    (specified in error response)"."""
    response = client.post(f"{BASE}/requests.{fmt}", post_data(api_key, service_code="potholes"))

    assert response.status_code == 404
    assert "potholes" in errors_of(response, fmt)[0][1]
    assert not Case.objects.exists()


BAD_INPUT = [
    # "400 - service_code or jurisdiction_id was not provided (specified in error response)"
    ({"service_code": ""}, "service_code"),
    # "A full location parameter must be submitted": one of lat & long, address_string or address_id
    ({"lat": "", "long": "", "address_string": ""}, "location"),
    # "lat & long both need to be sent even though they are sent as two separate parameters"
    ({"long": ""}, "long"),
    ({"lat": "north", "long": "121.4"}, "lat"),
    ({"lat": "91", "long": "121.4"}, "lat"),
    ({"lat": "31.05", "long": "-181"}, "long"),
    ({"lat": "NaN", "long": "121.4"}, "lat"),
    ({"lat": "1e400", "long": "121.4"}, "lat"),
    ({"lat": "40.7128", "long": "-74.0060"}, "outside"),
    ({"address_id": "<nowhere>"}, "address_id"),
    # "free form text limited to 4,000 characters"
    ({"description": "很" * 4001}, "4001"),
    ({"description": ""}, "description"),
    ({"email": "not-an-address"}, "email"),
    ({"phone": "12345"}, "11"),
    ({"media_url": "javascript:alert(1)"}, "media_url"),
    ({"phone": ""}, "phone"),
    ({"first_name": "很" * 60}, "first_name"),
]


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize(("change", "said"), BAD_INPUT)
def test_bad_input_is_400_with_a_message_and_nothing_is_created(client, services, api_key, fmt, change, said):
    """Errors: "basically 400 for any other error where the request can not be fulfilled as expected"."""
    response = client.post(f"{BASE}/requests.{fmt}", post_data(api_key, **change), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert any(said in description for _code, description in errors_of(response, fmt))
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("attributes", "said"),
    [
        ({}, "attribute[floor] is required"),
        ({"attribute[floor]": "9"}, "one of the keys"),
        ({"attribute[floor]": "1", "attribute[since]": "yesterday"}, "date and time"),
        ({"attribute[floor]": "1", "attribute[colour]": "red"}, "colour"),
        ({"attribute[floor][]": ["1", "2"]}, "one value"),
    ],
)
def test_wrong_attributes_are_400(client, services, api_key, attributes, said):
    """attribute: "This is only required if the service_code requires a service definition with required
    fields"; a singlevaluelist is "A set of predefined values ... where only one value may be selected"."""
    data = post_data(api_key, service_code="illegal-building")
    data.update(attributes)

    response = client.post(f"{BASE}/requests.xml", data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert any(said in description for _code, description in errors_of(response, "xml"))
    assert not Case.objects.exists()


def test_several_errors_come_in_one_document(client, services, api_key):
    """Errors: "Multiple errors codes and descriptions can be returned in the body (the response is an
    array)"."""
    response = client.post(f"{BASE}/requests.json", post_data(api_key, email="nope", phone="1"))

    assert len(errors_of(response, "json")) == 2


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_posts_are_limited_per_key(client, services, api_key, settings, fmt):
    settings.OPEN311_POST_RATE = "2/h"
    other_raw = new_api_key()
    other = ApiKey(name="另一个应用", platform=api_key.platform)
    other.set_key(other_raw)
    other.save()

    for n in range(2):
        assert client.post(f"{BASE}/requests.{fmt}", post_data(api_key, description=f"第{n}件")).status_code == 200
    refused = client.post(f"{BASE}/requests.{fmt}", post_data(api_key, description="第三件"))

    assert refused.status_code == 429
    assert errors_of(refused, fmt)[0][0] == "429"
    assert Case.objects.count() == 2
    other.raw = other_raw
    assert client.post(f"{BASE}/requests.{fmt}", post_data(other, description="第三件")).status_code == 200


HOSTILE = '</description><status>closed</status><script>alert("x")</script> & ]]>'


def test_markup_in_the_description_is_kept_as_text_and_never_published(client, services, api_key):
    """description: "This may contain line breaks, but not html or code": what is sent is kept as the text
    it is, for staff; the public list shows no case's story, so it never reaches another reader."""
    case_id = json_body(client.post(f"{BASE}/requests.json", post_data(api_key, description=HOSTILE)))[0][
        "service_request_id"
    ]

    assert Case.objects.get(pk=case_id).what_happened.startswith(HOSTILE)
    response = client.get(f"{BASE}/requests/{case_id}.xml")
    (row,) = rows_of(response, "xml")
    assert row["description"] is None and row["status"] == "open"
    assert b"<script>" not in response.content and b"alert" not in response.content


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_markup_echoed_in_an_error_stays_text(client, services, api_key, fmt):
    """Errors: "description: A human readable description of the error that occurred. This is meant to be
    seen by the user": an unknown code quoted back is escaped, never markup."""
    response = client.post(f"{BASE}/requests.{fmt}", post_data(api_key, service_code="<b>x</b>&"))

    assert response.status_code == 404
    assert "<b>x</b>&" in errors_of(response, fmt)[0][1]
    if fmt == "xml":
        assert b"<b>" not in response.content and b"&lt;b&gt;x&lt;/b&gt;&amp;" in response.content


@pytest.mark.parametrize("text", ["楼上\x00漏水", "楼上\x1b[31m漏水", "bell\x07"])
def test_control_characters_are_refused(client, services, api_key, text):
    response = client.post(f"{BASE}/requests.xml", post_data(api_key, description=text))

    assert response.status_code == 400
    assert not Case.objects.exists()


def test_line_breaks_and_tabs_are_fine(client, services, api_key):
    response = client.post(f"{BASE}/requests.xml", post_data(api_key, description="第一行\n第二行\r\n\t第三行"))

    assert response.status_code == 200


def test_a_browser_cannot_post_a_request_in_a_residents_name_without_the_key(client, services, api_key):
    """The endpoint takes no session: a form posted from another site without the key is refused."""
    response = client.post(f"{BASE}/requests.json", {"service_code": "noise", "description": "x", "lat": "31.05"})

    assert response.status_code == 403
    assert not CaseEvent.objects.exists()


def test_a_latin_name_keeps_its_order_and_space(client, services, api_key):
    """first_name: "The given name"; last_name: "The family name" (the spec's example: first_name=john,
    last_name=smith)."""
    client.post(f"{BASE}/requests.json", post_data(api_key, first_name="john", last_name="smith"))

    assert Case.objects.get().case_petitioners.get().petitioner.name == "john smith"


def test_a_point_in_the_town_far_from_every_community_falls_back_to_the_keys_platform(client, services, api_key):
    client.post(f"{BASE}/requests.json", post_data(api_key, lat="31.10", long="121.46", address_string=""))

    case = Case.objects.get()
    assert case.community is None  # the hall belongs to no community: the case starts at the town
    assert case.address == "(31.10, 121.46)"
