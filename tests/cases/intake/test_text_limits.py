"""Text beyond a field's limit is never cut without a word: no maxlength for the browser to cut pasted text
at, the limit and a live count under the textarea, and the server refuses it with a message, keeping it."""

import re

import pytest
from django.urls import reverse

from cases.models import Case
from grids.models import Platform

from .helpers import counter_post, web_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def platform(town):
    return Platform.objects.create(code="C01", name="银一居委信访平台", kind="community", community=town["community_a"])


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_web_form_shows_the_limit_and_lets_the_browser_cut_nothing(client, platform):
    html = client.get(reverse("web-form", args=[platform.code])).content.decode()

    assert " maxlength=" not in html
    textarea = re.search(r"<textarea[^>]*name=\"what_happened\"[^>]*>", html).group()
    assert 'data-maxlength="2000"' in textarea
    assert "最多 2000 个字。" in html
    assert 'id="id_what_happened_count"' in html
    assert "/static/js/text-limits.js" in html


def test_the_counter_form_shows_its_5000_limit(client, reception):
    client.force_login(reception)
    html = client.get(reverse("intake-counter")).content.decode()

    assert re.search(r'<textarea[^>]*name="what_happened"[^>]*data-maxlength="5000"', html) or re.search(
        r'<textarea[^>]*data-maxlength="5000"[^>]*name="what_happened"', html
    )
    assert "最多 5000 个字" in html
    assert " maxlength=" not in html.replace('data-maxlength="', "")


def test_an_over_long_web_text_is_refused_with_a_message_and_kept(client, platform):
    long_text = "楼" * 2001 + "结尾的话"
    page = client.post(reverse("web-form", args=[platform.code]), web_post(what_happened=long_text))

    html = page.content.decode()
    assert page.status_code == 200
    assert Case.objects.count() == 0
    assert "这段文字有 2005 个字，最多只能 2000 个字" in html
    assert long_text in html  # every character typed, none cut


def test_an_over_long_counter_text_is_refused_with_a_message_and_kept(client, reception, town):
    client.force_login(reception)
    long_text = "情况" * 2501
    page = client.post(reverse("intake-counter"), counter_post(platform=town["hall"].pk, what_happened=long_text))

    html = page.content.decode()
    assert Case.objects.count() == 0
    assert "这段文字有 5002 个字，最多只能 5000 个字" in html
    assert long_text in html


def test_text_at_the_limit_is_accepted(client, platform):
    page = client.post(reverse("web-form", args=[platform.code]), web_post(what_happened="楼" * 2000))

    assert page.status_code == 302
    assert len(Case.objects.get().what_happened) == 2000
