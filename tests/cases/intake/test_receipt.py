"""The printed receipt (回执): every channel, the office's own contact details and a seal line."""

import pytest
from django.urls import reverse

from cases.models import Channel
from cases.services import PetitionerData

from ...factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client, reception):
    client.force_login(reception)
    return client


def test_a_web_case_has_a_receipt_that_says_it_came_through_the_web_form(clerk, town):
    case = make_case(
        by=None,
        channel=Channel.WEB,
        platform=town["hall"],
        petitioners=[PetitionerData(name="李四", phone="13912345678")],
        contact_phone="13912345678",
    )

    page = clerk.get(reverse("intake-receipt", args=[case.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert case.tracking_code in html
    assert "当事人通过“信访解忧码”网上表单提交" in html
    assert town["hall"].name in html


def test_the_receipt_shows_the_office_phone_address_and_a_seal_line(clerk, town, settings):
    settings.OFFICE_NAME = "颛桥镇信访办公室"
    settings.OFFICE_PHONE = "021-6666 0000"
    settings.OFFICE_ADDRESS = "颛桥镇某路 1 号"
    case = make_case(by=None, channel=Channel.WEB, platform=town["hall"])

    html = clerk.get(reverse("intake-receipt", args=[case.pk])).content.decode()

    assert "颛桥镇信访办公室" in html
    assert "021-6666 0000" in html
    assert "颛桥镇某路 1 号" in html
    assert 'data-testid="seal-line"' in html
    assert "（盖章）" in html or "(盖章)" in html


def test_a_counter_case_names_the_clerk_who_received_it(clerk, town, reception):
    reception.first_name = "王接待"
    reception.save()
    case = make_case(by=reception, channel=Channel.VISIT, platform=town["hall"])

    html = clerk.get(reverse("intake-receipt", args=[case.pk])).content.decode()

    assert "王接待" in html


def test_the_receipt_links_to_the_site_the_office_was_reached_at(clerk, town, settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "xinfang.example.cn"]
    case = make_case(by=None, channel=Channel.WEB, platform=town["hall"])

    html = clerk.get(reverse("intake-receipt", args=[case.pk]), HTTP_HOST="xinfang.example.cn").content.decode()

    assert "http://xinfang.example.cn/track/" in html
    assert "127.0.0.1:8000" not in html
