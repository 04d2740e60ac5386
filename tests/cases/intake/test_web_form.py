"""The residents' "信访解忧码" form: what a phone user sends, and everything a bot or a mistake sends."""

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Attachment, Case, Channel, Petitioner, Status
from grids.models import Platform
from notifications.sms import ConsoleSmsBackend

from .helpers import JPEG, PDF, PNG, big_file, upload, web_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def platform(town):
    return Platform.objects.create(code="C01", name="银一居委信访平台", kind="community", community=town["community_a"])


@pytest.fixture(autouse=True)
def sms():
    ConsoleSmsBackend.sent.clear()
    return ConsoleSmsBackend.sent


def url(platform) -> str:
    return reverse("web-form", args=[platform.code])


def test_the_form_opens_from_the_platforms_qr_link(client, platform):
    page = client.get(url(platform))

    html = page.content.decode()
    assert page.status_code == 200
    assert "银一居委信访平台" in html
    assert 'name="consent"' in html
    assert 'name="submission_key"' in html


def test_an_unknown_or_closed_platform_is_not_found(client, platform):
    assert client.get("/s/NOPE/").status_code == 404
    Platform.objects.filter(pk=platform.pk).update(is_active=False)
    assert client.get(url(platform)).status_code == 404


def test_a_resident_submits_and_sees_the_tracking_code(client, platform, sms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url(platform), web_post(), follow=True)

    case = Case.objects.get()
    html = page.content.decode()
    assert (case.channel, case.platform, case.status, case.received_by) == (
        Channel.WEB,
        platform,
        Status.REGISTERED,
        None,
    )
    assert case.tracking_code in html
    assert 'data-copy="#tracking-code"' in html
    assert case.case_petitioners.get().petitioner.name == "李四"
    assert len(sms) == 1
    phone, text = sms[0]
    assert phone == "13912345678"
    assert case.tracking_code in text
    assert "/track/" in text
    assert "李四" not in text


def test_the_case_arrives_in_the_petition_offices_inbox(client, platform):
    client.post(url(platform), web_post())

    assert Case.objects.filter(status=Status.REGISTERED, channel=Channel.WEB, platform=platform).count() == 1


def test_an_anonymous_resident_gets_a_pin_and_no_name_is_kept(
    client, platform, sms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url(platform), web_post(is_anonymous="on", phone=""), follow=True)

    case = Case.objects.get()
    html = page.content.decode()
    assert case.is_anonymous
    assert not Petitioner.objects.exists()
    assert 'data-testid="pin"' in html
    assert sms == []


def test_photos_and_a_pdf_are_attached(client, platform):
    files = [upload("a.jpg", JPEG), upload("b.png", PNG), upload("c.pdf", PDF)]
    client.post(url(platform), {**web_post(), "attachments": files})

    assert Case.objects.get().attachments.count() == 3


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"what_happened": ""}, "必填"),
        ({"request": ""}, "必填"),
        ({"what_happened": "长" * 2001}, "2000"),
        ({"request": "长" * 1001}, "1000"),
        ({"address": "长" * 201}, "200"),
        ({"name": "长" * 51}, "50"),
        ({"phone": "12345"}, "11位手机号"),
        ({"phone": "call me maybe"}, "11位手机号"),
        ({"phone": ""}, "联系电话"),
        ({"consent": ""}, "同意"),
        ({"community": "999999"}, "选择"),
    ],
    ids=[
        "no-story",
        "no-request",
        "long-story",
        "long-request",
        "long-address",
        "long-name",
        "short-phone",
        "text-phone",
        "no-phone",
        "no-consent",
        "bad-community",
    ],
)
def test_wrong_or_missing_input_gets_a_message_in_chinese_and_keeps_what_was_typed(
    client, platform, changes, field_message
):
    data = web_post(**changes)

    page = client.post(url(platform), data)

    html = page.content.decode()
    assert page.status_code == 200
    assert not Case.objects.exists()
    assert field_message in html
    assert "银都路100弄" in html or changes.get("address")
    assert "请核对标红的项目" in html or "标红" in html


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([upload(f"p{i}.png", PNG) for i in range(4)], "最多可上传 3 个文件"),
        ([big_file("huge.png", 10 * 1024 * 1024 + 1)], "不能超过"),
        ([upload("photo.jpg", b"<html><body><script>alert(1)</script></body></html>")], "不是照片或PDF"),
        ([upload("photo.jpg", PNG)], "不符"),
        ([upload("doc.pdf", b"PK\x03\x04" + b"\x00" * 40)], "不是照片或PDF"),
    ],
    ids=["four-files", "too-big", "html-as-jpg", "png-as-jpg", "zip-as-pdf"],
)
def test_a_bad_upload_is_refused_with_a_message_and_nothing_is_saved(client, platform, files, message):
    page = client.post(url(platform), {**web_post(), "attachments": files})

    assert page.status_code == 200
    assert not Case.objects.exists()
    assert not Attachment.objects.exists()
    assert message in page.content.decode()
    assert "小区路灯坏了一个月" in page.content.decode()


def test_a_bot_filling_the_hidden_field_is_refused(client, platform):
    page = client.post(url(platform), web_post(website="http://spam.example"))

    assert page.status_code == 200
    assert not Case.objects.exists()
    assert "刷新页面" in page.content.decode()


@pytest.mark.parametrize("field", ["what_happened", "request", "address", "name"])
def test_html_in_any_field_is_kept_as_text_and_shown_escaped(client, platform, field):
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    data = web_post(**{field: payload[:50] if field == "name" else payload})
    client.post(url(platform), data)
    case = Case.objects.get()

    stored = {"what_happened": case.what_happened, "request": case.request, "address": case.address}.get(field)
    if field == "name":
        stored = case.case_petitioners.get().petitioner.name
    assert stored.startswith("<script>alert(1)</script>")


def test_html_is_escaped_when_the_form_comes_back_with_an_error(client, platform):
    payload = "<script>alert(1)</script>"
    page = client.post(url(platform), web_post(what_happened=payload, consent=""))

    html = page.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_double_submission_creates_one_case(client, platform):
    first = client.post(url(platform), web_post())
    second = client.post(url(platform), web_post())

    assert Case.objects.count() == 1
    assert first.status_code == second.status_code == 302


def test_a_flood_from_one_address_is_slowed_with_a_friendly_message(platform, settings):
    settings.WEB_INTAKE_RATE = "3/h"
    flood = Client(REMOTE_ADDR="10.1.2.3")
    for i in range(3):
        assert flood.post(url(platform), web_post(submission_key=f"k{i}")).status_code == 302

    page = flood.post(url(platform), web_post(submission_key="k-last", what_happened="第四次提交的内容"))

    assert page.status_code == 429
    assert "致电镇信访办" in page.content.decode()
    assert "第四次提交的内容" in page.content.decode()
    assert Case.objects.count() == 3
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert other.post(url(platform), web_post(submission_key="k-other")).status_code == 302


def test_the_done_page_needs_the_session_that_submitted(client, platform):
    client.post(url(platform), web_post())

    stranger = Client()
    page = stranger.get(reverse("web-done", args=[platform.code]))
    assert page.status_code == 302
    assert Case.objects.get().tracking_code not in stranger.get(page["Location"]).content.decode()


def test_intake_still_works_while_the_broker_is_down_and_the_sms_goes_out_later(
    client, platform, sms, broker_down, django_capture_on_commit_callbacks
):
    from notifications.delivery import deliver_pending
    from notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url(platform), web_post())

    assert page.status_code == 302
    case = Case.objects.get()
    waiting = Notification.objects.get(subject_id=case.pk, kind=Notification.Kind.RESIDENT)
    assert waiting.state == Notification.State.PENDING and sms == []

    assert deliver_pending() == 1  # the broker is back: the periodic task sends what waited
    assert sms[0][0] == "13912345678" and case.tracking_code in sms[0][1]


def test_the_web_form_makes_the_same_number_of_queries_with_10_or_1000_cases(client, platform):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .test_counter import _bulk_cases

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(platform)).status_code == 200
        return len(ctx.captured_queries)

    _bulk_cases({"hall": Platform.objects.get_or_create(code="HALL", defaults={"name": "大厅", "kind": "hall"})[0]}, 10)
    small = count()
    _bulk_cases({"hall": Platform.objects.get(code="HALL")}, 990)
    assert count() == small


def _pin(html: str) -> str:
    marker = 'data-testid="pin">'
    return html.split(marker, 1)[1].split("<", 1)[0] if marker in html else ""


def test_the_pin_is_shown_once_and_not_again_on_any_done_page(client, town, platform):
    other = Platform.objects.create(
        code="C02", name="银二居委信访平台", kind="community", community=town["community_b"]
    )
    first = client.post(url(platform), web_post(is_anonymous="on", phone=""))
    done = first["Location"]
    assert _pin(client.get(done).content.decode())

    again = client.get(done)
    assert again.status_code == 302
    assert 'data-testid="pin"' not in client.get(again["Location"]).content.decode()
    for code in (platform.code, other.code):
        page = client.get(reverse("web-done", args=[code]), follow=True)
        assert 'data-testid="pin"' not in page.content.decode()


def test_a_done_page_shows_only_the_submission_just_made(client, platform):
    client.post(url(platform), web_post(is_anonymous="on", phone="", submission_key="k-1"))  # PIN never looked at
    second = client.post(url(platform), web_post(submission_key="k-2"), follow=True)

    html = second.content.decode()
    assert Case.objects.get(is_anonymous=False).tracking_code in html
    assert 'data-testid="pin"' not in html


def test_a_done_token_does_not_open_another_platforms_done_page(client, town, platform):
    Platform.objects.create(code="C02", name="银二居委信访平台", kind="community", community=town["community_b"])
    token = client.post(url(platform), web_post(is_anonymous="on", phone=""))["Location"].split("t=", 1)[1]

    page = client.get(reverse("web-done", args=["C02"]), {"t": token})
    assert page.status_code == 302
    assert 'data-testid="pin"' not in client.get(page["Location"]).content.decode()


def test_a_double_click_still_shows_the_pin_once(client, platform):
    client.post(url(platform), web_post(is_anonymous="on", phone=""))
    page = client.post(url(platform), web_post(is_anonymous="on", phone=""), follow=True)

    assert Case.objects.count() == 1
    assert _pin(page.content.decode())


def test_a_platform_code_is_case_insensitive(client, platform):
    page = client.get("/s/c01/")
    assert page.status_code == 302 and page["Location"] == "/s/C01/"
    assert client.get("/s/C01/").status_code == 200


def test_a_form_posted_to_a_lower_case_address_registers_the_case(client, platform):
    from .helpers import web_post

    page = client.post("/s/c01/", web_post())
    assert page.status_code == 302
    assert Case.objects.get().platform == platform
    assert client.get(page["Location"]).status_code == 200  # the done page, whatever the case typed


def test_only_accepted_submissions_count_towards_the_limit(platform, settings):
    settings.WEB_INTAKE_RATE = "2/h"
    helper = Client(REMOTE_ADDR="10.1.4.4")
    for i in range(5):  # a resident's mistakes, corrected with the staff's help
        assert helper.post(url(platform), web_post(submission_key=f"bad{i}", consent="")).status_code == 200
    for i in range(2):
        assert helper.post(url(platform), web_post(submission_key=f"ok{i}")).status_code == 302

    assert helper.post(url(platform), web_post(submission_key="ok-3")).status_code == 429
    assert Case.objects.count() == 2


def test_a_double_click_counts_once(platform, settings):
    settings.WEB_INTAKE_RATE = "1/h"
    resident = Client(REMOTE_ADDR="10.1.5.5")
    assert resident.post(url(platform), web_post(submission_key="same")).status_code == 302

    assert resident.post(url(platform), web_post(submission_key="other")).status_code == 429


def test_the_limit_is_per_platform_and_address(platform, town, settings):
    settings.WEB_INTAKE_RATE = "1/h"
    other_platform = Platform.objects.create(
        code="C02", name="北桥平台", kind="community", community=town["community_b"]
    )
    wifi = Client(REMOTE_ADDR="10.1.6.6")
    assert wifi.post(url(platform), web_post(submission_key="a")).status_code == 302
    assert wifi.post(url(platform), web_post(submission_key="b")).status_code == 429

    assert wifi.post(url(other_platform), web_post(submission_key="c")).status_code == 302
    page = wifi.post(url(platform), web_post(submission_key="d", what_happened="还想再报一件事"))
    assert page.status_code == 429
    html = page.content.decode()
    assert "还想再报一件事" in html and settings.OFFICE_PHONE in html and "银一居委信访平台" in html


def test_a_spoofed_forwarded_address_is_ignored_without_a_trusted_proxy(platform, settings):
    settings.WEB_INTAKE_RATE = "1/h"
    settings.TRUSTED_PROXY_COUNT = 0
    sender = Client(REMOTE_ADDR="10.1.7.7")
    assert sender.post(url(platform), web_post(submission_key="s1"), HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 302

    spoofed = sender.post(url(platform), web_post(submission_key="s2"), HTTP_X_FORWARDED_FOR="2.2.2.2")
    assert spoofed.status_code == 429


def test_behind_a_trusted_proxy_each_resident_is_counted_by_their_own_address(platform, settings):
    settings.WEB_INTAKE_RATE = "1/h"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    assert (
        proxy.post(url(platform), web_post(submission_key="p1"), HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 302
    )
    assert (
        proxy.post(url(platform), web_post(submission_key="p2"), HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 302
    )
    # A client that prepends a made-up address is still counted under the one the proxy saw.
    again = proxy.post(url(platform), web_post(submission_key="p3"), HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.1")
    assert again.status_code == 429
