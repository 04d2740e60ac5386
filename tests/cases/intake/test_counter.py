"""The reception counter: fast logging, repeat detection, receipts, and every kind of bad input."""

from unittest import mock

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.models import Attachment, Case, CaseEvent, Category, Channel, Status
from cases.services import PetitionerData
from grids.models import Role

from ...factories import make_case, make_staff
from .helpers import JPEG, PDF, PNG, big_file, counter_post, upload

pytestmark = pytest.mark.django_db
URL = "/intake/new/"


@pytest.fixture
def clerk(client, reception):
    client.force_login(reception)
    return client


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_form_opens_with_the_counters_defaults(clerk, town):
    html = clerk.get(URL).content.decode()

    assert 'name="submission_key"' in html
    assert f'<option value="{town["hall"].pk}" selected>' in html
    assert '<option value="visit" selected>' in html


def test_a_walk_in_is_logged_with_the_officer_platform_and_channel(clerk, town, reception):
    page = clerk.post(URL, counter_post(platform=town["hall"].pk))

    case = Case.objects.get()
    assert page.status_code == 302
    assert page["Location"] == reverse("intake-receipt", args=[case.pk])
    assert (case.channel, case.platform, case.received_by, case.status) == (
        Channel.VISIT,
        town["hall"],
        reception,
        Status.REGISTERED,
    )
    assert case.case_petitioners.get().petitioner.name == "张三"
    assert case.contact_phone == "13912345678"


def test_the_receipt_shows_the_code_the_promise_and_how_to_track(clerk, town):
    clerk.post(URL, counter_post(platform=town["hall"].pk))
    case = Case.objects.get()

    html = clerk.get(reverse("intake-receipt", args=[case.pk])).content.decode()

    assert case.tracking_code in html
    assert "15" in html and "受理" in html
    assert settings.SITE_URL + "/track/" in html
    assert "<svg" in html  # the QR code of the tracking page
    assert "手机号码后四位" in html or "后四位" in html


def test_a_letter_keeps_the_day_it_arrived(clerk, town):
    clerk.post(URL, counter_post(platform=town["hall"].pk, channel="letter", received_at="2026-11-20T09:30"))

    case = Case.objects.get()
    assert timezone.localtime(case.received_at).strftime("%Y-%m-%d %H:%M") == "2026-11-20 09:30"


def test_it_refuses_a_time_received_in_the_future(clerk, town):
    page = clerk.post(URL, counter_post(platform=town["hall"].pk, received_at="2099-01-01T09:00"))

    assert page.status_code == 200
    assert not Case.objects.exists()
    assert "不能晚于现在" in page.content.decode() or "未来" in page.content.decode()


def test_missing_fields_get_a_message_and_keep_what_was_typed(clerk, town):
    page = clerk.post(URL, counter_post(platform=town["hall"].pk, what_happened="", request="", **{"p-0-name": "王五"}))

    html = page.content.decode()
    assert page.status_code == 200
    assert not Case.objects.exists()
    assert "该字段是必填项" in html
    assert 'value="王五"' in html
    assert 'value="13912345678"' in html


def test_it_needs_a_petitioner_unless_anonymous(clerk, town):
    page = clerk.post(URL, counter_post(platform=town["hall"].pk, **{"p-0-name": "", "p-0-phone": ""}))

    assert not Case.objects.exists()
    assert "至少" in page.content.decode() or "匿名" in page.content.decode()


def test_an_anonymous_call_gets_a_pin_shown_once_on_the_receipt(clerk, town):
    clerk.post(
        URL,
        counter_post(platform=town["hall"].pk, channel="phone", is_anonymous="on", **{"p-0-name": "", "p-0-phone": ""}),
    )
    case = Case.objects.get()
    receipt = reverse("intake-receipt", args=[case.pk])

    first = clerk.get(receipt).content.decode()
    second = clerk.get(receipt).content.decode()

    assert 'data-testid="pin"' in first
    assert 'data-testid="pin"' not in second
    assert case.is_anonymous and case.tracking_pin_hash


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("what_happened", "长" * 5001, "5000"),
        ("request", "长" * 2001, "2000"),
        ("p-0-phone", "12345", "11"),
        ("p-0-phone", "1391234567a", "11"),
        ("p-0-id_number", "310112198001011234", "逐位"),
        ("p-0-id_number", "31011219800101", "18"),
        ("p-0-name", "名" * 51, "50"),
        ("headcount", "0", "1"),
        ("headcount", "many", "整数"),
        ("channel", "web", "选择"),
        ("platform", "999999", "选择"),
    ],
    ids=lambda v: str(v)[:20],
)
def test_wrong_input_gets_a_clear_message_and_nothing_is_saved(clerk, town, field, value, message):
    data = counter_post(platform=town["hall"].pk)
    data[field] = value

    page = clerk.post(URL, data)

    assert page.status_code == 200
    assert not Case.objects.exists()
    assert message in page.content.decode()
    kept = "张三" if field == "what_happened" else "楼上邻居装修噪音很大"
    assert kept in page.content.decode()


def test_a_group_visit_keeps_five_representatives(clerk, town):
    reps = {f"p-{i}-name": f"代表{i}" for i in range(5)}
    clerk.post(URL, counter_post(platform=town["hall"].pk, is_group_visit="on", headcount="30", **reps))

    case = Case.objects.get()
    assert case.is_group_visit and case.headcount == 30
    assert case.case_petitioners.count() == 5


def test_a_sixth_representative_gets_a_clear_message(clerk, town):
    reps = {f"p-{i}-name": f"代表{i}" for i in range(6)}
    page = clerk.post(
        URL,
        counter_post(platform=town["hall"].pk, is_group_visit="on", headcount="30", **{"p-TOTAL_FORMS": "6"}, **reps),
    )

    assert not Case.objects.exists()
    assert "最多" in page.content.decode() and "5" in page.content.decode()
    assert 'value="代表5"' in page.content.decode() or "代表0" in page.content.decode()


def test_a_headcount_above_one_needs_a_group_visit(clerk, town):
    page = clerk.post(URL, counter_post(platform=town["hall"].pk, headcount="3"))

    assert not Case.objects.exists()
    assert "集体访" in page.content.decode()


def test_a_misconduct_report_must_name_the_accused(clerk, town):
    page = clerk.post(URL, counter_post(platform=town["hall"].pk, category=Category.MISCONDUCT))
    assert not Case.objects.exists()
    assert "被反映" in page.content.decode()

    clerk.post(
        URL, counter_post(platform=town["hall"].pk, category=Category.MISCONDUCT, accused_department=town["dept_a"].pk)
    )
    assert Case.objects.get().accused_department == town["dept_a"]


def test_hostile_text_is_stored_as_text_and_shown_escaped(clerk, town):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    clerk.post(URL, counter_post(platform=town["hall"].pk, request=payload, **{"p-0-name": payload[:50]}))
    case = Case.objects.get()

    assert case.request == payload
    for page in (reverse("intake-receipt", args=[case.pk]), reverse("intake-today")):
        html = clerk.get(page).content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
    assert "&lt;script&gt;" in clerk.get(reverse("intake-receipt", args=[case.pk])).content.decode()


def test_a_double_click_creates_one_case(clerk, town):
    first = clerk.post(URL, counter_post(platform=town["hall"].pk))
    second = clerk.post(URL, counter_post(platform=town["hall"].pk))

    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_scans_and_photos_are_attached(clerk, town):
    files = [upload("letter.pdf", PDF), upload("photo.jpg", JPEG), upload("scan.png", PNG)]
    clerk.post(URL, {**counter_post(platform=town["hall"].pk), "attachments": files})

    case = Case.objects.get()
    assert sorted(case.attachments.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/jpeg",
        "image/png",
    ]
    stored = case.attachments.first()
    assert stored.original_name not in stored.file.name  # stored under a name of our own
    assert case.events.filter(kind=CaseEvent.Kind.ATTACHMENT).count() == 3


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([big_file("huge.png", 10 * 1024 * 1024 + 1)], "10"),
        ([upload("fake.jpg", b"<html><script>alert(1)</script></html>")], "PDF"),
        ([upload("photo.pdf", PNG)], "不符"),
        ([upload("run.exe", b"MZ\x90\x00" + b"\x00" * 100)], "PDF"),
        ([upload("empty.png", b"")], "空"),
    ],
    ids=["too-big", "html-named-jpg", "png-named-pdf", "exe", "empty"],
)
def test_a_bad_file_is_refused_and_nothing_is_saved(clerk, town, files, message):
    page = clerk.post(URL, {**counter_post(platform=town["hall"].pk), "attachments": files})

    assert page.status_code == 200
    assert not Case.objects.exists()
    assert not Attachment.objects.exists()
    assert message in page.content.decode()


def test_more_than_ten_files_are_refused(clerk, town):
    files = [upload(f"p{i}.png", PNG) for i in range(11)]
    page = clerk.post(URL, {**counter_post(platform=town["hall"].pk), "attachments": files})

    assert not Case.objects.exists()
    assert "最多" in page.content.decode()


def test_an_upload_failing_half_way_leaves_no_half_created_case(clerk, town, settings):
    from django.core.files.storage import FileSystemStorage

    real_save = FileSystemStorage._save
    calls = {"n": 0}

    def failing_save(self, name, content):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real_save(self, name, content)

    files = [upload("a.png", PNG), upload("b.png", PNG)]
    with mock.patch.object(FileSystemStorage, "_save", failing_save), pytest.raises(OSError):
        clerk.post(URL, {**counter_post(platform=town["hall"].pk), "attachments": files})

    assert not Case.objects.exists()
    assert not Attachment.objects.exists()
    assert not any((settings.MEDIA_ROOT).rglob("*.png"))


def test_earlier_cases_appear_while_typing_the_phone(clerk, town):
    earlier = make_case(petitioners=[PetitionerData(name="张三", phone="13912345678")])

    html = clerk.get(reverse("intake-lookup"), {"p-0-phone": "139 1234 5678"}).content.decode()

    assert earlier.tracking_code in html
    assert "仍在办理" in html  # a matter still under handling is flagged before a second case opens
    assert "13900000000" not in html


def test_the_lookup_by_id_number_finds_the_same_person(clerk, town):
    earlier = make_case(petitioners=[PetitionerData(name="张三", id_number="31011219800101123X")])

    html = clerk.get(reverse("intake-lookup"), {"p-0-id_number": "31011219800101123x"}).content.decode()
    assert earlier.tracking_code in html

    html = clerk.get(reverse("intake-lookup"), {"p-0-phone": "1391"}).content.decode()
    assert earlier.tracking_code not in html


def test_choosing_an_earlier_case_marks_the_new_one_a_repeat(clerk, town):
    earlier = make_case(petitioners=[PetitionerData(name="张三", phone="13912345678")])

    clerk.post(URL, counter_post(platform=town["hall"].pk, repeat_of=str(earlier.pk)))

    case = Case.objects.exclude(pk=earlier.pk).get()
    assert case.visit_kind == Case.VisitKind.REPEAT
    assert case.repeat_of == earlier


def test_a_case_the_officer_may_not_see_cannot_be_chosen_as_earlier(clerk, town, reception):
    hidden = make_case(category=Category.MISCONDUCT)
    Case.objects.filter(pk=hidden.pk).update(accused_user=reception)

    page = clerk.post(URL, counter_post(platform=town["hall"].pk, repeat_of=str(hidden.pk)))

    assert page.status_code == 200
    assert Case.objects.count() == 1


def test_the_lookup_never_shows_a_report_against_the_officer(clerk, town, reception):
    report = make_case(category=Category.MISCONDUCT, petitioners=[PetitionerData(name="举报人", phone="13912345678")])
    Case.objects.filter(pk=report.pk).update(accused_user=reception)

    html = clerk.get(reverse("intake-lookup"), {"p-0-phone": "13912345678"}).content.decode()
    assert report.tracking_code not in html


def test_todays_list_shows_only_today_at_this_platform(clerk, town):
    today_case = make_case(platform=town["hall"])
    old = make_case(platform=town["hall"], received_at=timezone.now() - timezone.timedelta(days=2))

    html = clerk.get(reverse("intake-today")).content.decode()

    assert today_case.tracking_code in html
    assert old.tracking_code not in html


def test_people_without_the_intake_permission_are_refused(client, town):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(make_staff(Role.DEPARTMENT_OFFICER, department=town["dept_a"]))
    for url in (URL, reverse("intake-today"), reverse("intake-lookup")):
        assert client.get(url).status_code == 403
    assert client.post(URL, counter_post(platform=town["hall"].pk)).status_code == 403
    assert not Case.objects.exists()


def test_a_receipt_of_a_case_the_officer_may_not_see_is_not_found(clerk, town, reception):
    report = make_case(category=Category.MISCONDUCT)
    Case.objects.filter(pk=report.pk).update(accused_user=reception)

    assert clerk.get(reverse("intake-receipt", args=[report.pk])).status_code == 404


def _bulk_cases(town, n: int) -> None:
    template = make_case(platform=town["hall"])
    Case.objects.bulk_create(
        Case(
            tracking_code=f"B{i:03d}-{n:04d}"[:9],
            channel=Channel.VISIT,
            platform=town["hall"],
            received_at=timezone.now(),
            what_happened="x",
            request="y",
            tier=template.tier,
            contact_phone="13912345678",
        )
        for i in range(n)
    )


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        (URL, None),
        ("/intake/today/", None),
        ("/intake/lookup/", {"p-0-phone": "13912345678"}),
    ],
)
def test_intake_pages_make_the_same_number_of_queries_with_10_or_1000_cases(clerk, town, url, params):
    _bulk_cases(town, 10)
    small = _queries(clerk, url, params)
    _bulk_cases(town, 990)
    large = _queries(clerk, url, params)

    assert small == large


def _people_post(count: int, **overrides) -> dict:
    """A counter POST naming `count` people, with as many rows as the page would have after 'Add a person'."""
    people = {f"p-{i}-name": f"联名人{i}" for i in range(count)}
    people.update({f"p-{i}-phone": "" for i in range(count)})
    people["p-0-phone"] = "13912345678"
    return counter_post(**{"p-TOTAL_FORMS": str(max(count, 5)), **people, **overrides})


def test_a_joint_letter_names_eight_people_in_order(clerk, town):
    page = clerk.post(URL, _people_post(8, channel="letter", platform=town["hall"].pk))

    assert page.status_code == 302
    case = Case.objects.get()
    names = list(case.case_petitioners.order_by("position").values_list("petitioner__name", flat=True))
    assert names == [f"联名人{i}" for i in range(8)]


def test_a_visit_with_six_people_is_refused_and_keeps_them(clerk, town):
    page = clerk.post(
        URL, _people_post(6, channel="visit", platform=town["hall"].pk, is_group_visit="on", headcount="30")
    )

    html = page.content.decode()
    assert not Case.objects.exists()
    assert "走访最多派 5 名代表" in html
    assert all(f'value="联名人{i}"' in html for i in range(6))
    assert 'name="p-TOTAL_FORMS" value="6"' in html


def test_more_than_fifty_people_are_refused_and_kept(clerk, town):
    page = clerk.post(URL, _people_post(51, channel="letter", platform=town["hall"].pk))

    html = page.content.decode()
    assert not Case.objects.exists()
    assert "最多列 50 人" in html
    assert 'value="联名人50"' in html


def test_the_counter_offers_a_blank_row_to_add(clerk):
    html = clerk.get(URL).content.decode()

    assert 'id="add-person"' in html and 'data-max="50"' in html and 'data-max-visit="5"' in html
    assert 'name="p-__prefix__-name"' in html


def test_a_joint_letter_whose_row_counts_were_lost_is_refused_keeping_every_person(clerk, town):
    data = _people_post(8, channel="letter", platform=town["hall"].pk)
    del data["p-TOTAL_FORMS"]

    page = clerk.post(URL, data)

    assert page.status_code == 400
    assert not Case.objects.exists()
    assert 'value="联名人7"' in page.content.decode()
