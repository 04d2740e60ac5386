"""A returning visitor's earlier case fills the counter form; hand-overs keep their work-order or document number."""

import pytest
from django.urls import reverse

from cases.handover import normalize_handover_number
from cases.models import Case, Category, Channel, Status
from cases.services import PetitionerData
from grids.models import Role

from ...factories import SubjectFactory, make_case, make_staff
from .helpers import counter_post

pytestmark = pytest.mark.django_db
URL = "/intake/new/"


@pytest.fixture
def clerk(client, reception):
    client.force_login(reception)
    return client


def _lookup(clerk, **params):
    return clerk.get(reverse("intake-lookup"), {"p-0-phone": "13912345678", **params}).content.decode()


def test_the_earlier_case_carries_what_the_form_is_filled_with(clerk, town):
    subject = SubjectFactory(code="noise", name="噪声扰民")
    earlier = make_case(
        petitioners=[PetitionerData(name="张三", phone="13912345678")],
        subject=subject,
        community=town["community_a"],
        address="银都路100弄5号",
        category=Category.SUGGESTION,
        what_happened="楼上装修到晚上十点 <b>很吵</b>",
        request="请协调装修时间",
    )

    html = _lookup(clerk)

    assert f'data-fill-subject="{subject.pk}"' in html
    assert f'data-fill-community="{town["community_a"].pk}"' in html
    assert 'data-fill-category="suggestion"' in html
    assert 'data-fill-address="银都路100弄5号"' in html
    assert 'data-fill-what_happened="楼上装修到晚上十点 &lt;b&gt;很吵&lt;/b&gt;"' in html  # escaped, never markup
    assert 'data-fill-request="请协调装修时间"' in html
    assert earlier.tracking_code in html


def test_an_open_earlier_case_is_chosen_as_the_same_matter_by_default(clerk, town):
    closed = make_case(petitioners=[PetitionerData(name="张三", phone="13912345678")])
    Case.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    still_open = make_case(petitioners=[PetitionerData(name="张三", phone="13912345678")])

    html = _lookup(clerk)

    assert f'id="repeat-{still_open.pk}" value="{still_open.pk}" checked' in html
    assert 'id="repeat-none" value="" checked' not in html


def test_only_closed_earlier_cases_leave_a_new_matter_chosen(clerk, town):
    closed = make_case(petitioners=[PetitionerData(name="张三", phone="13912345678")])
    Case.objects.filter(pk=closed.pk).update(status=Status.CLOSED)

    html = _lookup(clerk)

    assert 'id="repeat-none" value="" checked' in html
    assert f'value="{closed.pk}" checked' not in html


def test_a_clerk_who_chose_a_new_matter_keeps_that_choice_while_typing(clerk, town):
    still_open = make_case(petitioners=[PetitionerData(name="张三", phone="13912345678")])

    html = _lookup(clerk, repeat_of="")

    assert 'id="repeat-none" value="" checked' in html
    assert f'value="{still_open.pk}" checked' not in html


def test_a_report_against_the_clerk_is_never_offered_to_copy_from(clerk, town, reception):
    report = make_case(
        category=Category.MISCONDUCT,
        petitioners=[PetitionerData(name="举报人", phone="13912345678")],
        what_happened="接待员收受红包",
        accused_name="某人",
    )
    Case.objects.filter(pk=report.pk).update(accused_user=reception)

    html = _lookup(clerk)

    assert "收受红包" not in html
    assert "data-fill-" not in html


# --- Hotline hand-overs and matters from a higher level ----------------------------------------


def test_a_hotline_hand_over_is_logged_with_its_work_order_number(clerk, town):
    page = clerk.post(
        URL, counter_post(platform=town["hall"].pk, channel="hotline", handover_number=" ２０２６１２０２００１２３ ")
    )

    case = Case.objects.get()
    assert page.status_code == 302
    assert (case.channel, case.handover_number) == (Channel.HOTLINE, "2026120200123")
    receipt = clerk.get(page["Location"]).content.decode()
    assert "12345工单号" in receipt and "2026120200123" in receipt


def test_a_matter_from_a_higher_level_keeps_its_document_number(clerk, town):
    number = "闵信交〔2026〕12号"
    clerk.post(URL, counter_post(platform=town["hall"].pk, channel="higher_level", handover_number=number))

    case = Case.objects.get()
    assert (case.channel, case.handover_number) == (Channel.HIGHER_LEVEL, "闵信交〔2026〕12号")


@pytest.mark.parametrize(
    "channel, number, message",
    [
        ("hotline", "", "请填写12345热线的工单号。"),
        ("hotline", "12<script>", "工单号为6至30位字母和数字"),
        ("hotline", "abcdefg", "工单号为6至30位字母和数字"),
        ("higher_level", "", "请填写上级交办文件的文号。"),
        ("higher_level", "关于某事的函", "文号为4至40个字符"),
        ("visit", "2026120200123", "只有12345热线转办和上级交办事项有编号。"),
    ],
)
def test_a_missing_or_malformed_number_gets_a_clear_message_and_nothing_is_saved(clerk, town, channel, number, message):
    page = clerk.post(URL, counter_post(platform=town["hall"].pk, channel=channel, handover_number=number))

    assert page.status_code == 200
    assert message in page.content.decode()
    assert number.strip() == "" or number in page.content.decode() or "&lt;script&gt;" in page.content.decode()
    assert not Case.objects.exists()


def test_the_service_refuses_a_numbered_channel_without_its_number(town):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_case(channel=Channel.HOTLINE)
    assert not Case.objects.exists()


def test_the_queue_finds_a_case_by_its_work_order_or_document_number(client, town):
    hotline = make_case(channel=Channel.HOTLINE, handover_number="2026120200123")
    higher = make_case(channel=Channel.HIGHER_LEVEL, handover_number="闵信交〔2026〕12号")
    client.force_login(make_staff(Role.PETITION_OFFICE))

    html = client.get(reverse("handling:queue"), {"q": "2026120200123"}).content.decode()
    assert hotline.tracking_code in html and higher.tracking_code not in html

    html = client.get(reverse("handling:queue"), {"q": "闵信交〔2026〕12号"}).content.decode()
    assert higher.tracking_code in html and hotline.tracking_code not in html


def test_the_case_page_shows_the_number_under_its_name(client, town):
    case = make_case(channel=Channel.HIGHER_LEVEL, handover_number="闵信交〔2026〕12号")
    client.force_login(make_staff(Role.PETITION_OFFICE))

    html = client.get(reverse("handling:case", args=[case.pk])).content.decode()

    assert "上级交办文号" in html and "闵信交〔2026〕12号" in html


def test_full_width_characters_typed_on_a_chinese_keyboard_are_normalized():
    assert normalize_handover_number(" ａｂ－２０２６ １２ ") == "AB-202612"
