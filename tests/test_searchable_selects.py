"""Searchable selects: the server gives each option its pinyin, the pages load the vendored Tom Select, no CDN."""

import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse

from cases.models import Channel
from core.pinyin import search_keys
from core.widgets import SearchableSelect
from grids.models import Role

from .factories import SubjectFactory, make_case, make_staff

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "tom-select"


def _select_tag(html: str, name: str) -> str:
    """The opening tag of the select with this name."""
    return re.search(rf'<select[^>]*name="{name}"[^>]*>', html).group()


def test_search_keys_are_the_initials_and_the_full_pinyin():
    assert search_keys("银一居委") == "yyjw yinyijuwei"
    assert search_keys("城管执法中队") == "cgzfzd chengguanzhifazhongdui"
    assert search_keys("Zone A") == ""  # nothing to add to what is typed already
    assert search_keys("") == ""


def test_the_widget_marks_the_select_and_gives_each_option_its_pinyin():
    class Form(forms.Form):
        place = forms.ChoiceField(choices=[("", "---"), ("1", "北桥"), ("2", "Zone A")], widget=SearchableSelect)

    html = str(Form()["place"])

    assert "data-searchable" in html
    assert 'value="1" data-pinyin="bq beiqiao"' in html
    assert 'value="" data-pinyin' not in html and 'value="2" data-pinyin' not in html


def test_tom_select_is_vendored_with_its_version_and_licence():
    assert (VENDOR / "tom-select.complete.min.js").stat().st_size > 10_000
    assert (VENDOR / "tom-select.bootstrap5.min.css").exists()
    assert "Apache License" in (VENDOR / "LICENSE").read_text()
    assert "tom-select@2.6.2" in (VENDOR / "VERSION.txt").read_text()
    assert "sourceMappingURL" not in (VENDOR / "tom-select.complete.min.js").read_text()


@pytest.mark.django_db
def test_the_counter_offers_community_subject_and_department_as_searchable_selects(client, town, reception):
    SubjectFactory(code="noise", name="噪声扰民")
    client.force_login(reception)

    html = client.get(reverse("intake-counter")).content.decode()

    for name in ("community", "subject", "accused_department"):
        assert "data-searchable" in _select_tag(html, name), name
    assert 'data-pinyin="yyjw yinyijuwei"' in html
    assert 'data-pinyin="zsrm zaoshengraomin"' in html
    assert "vendor/tom-select/tom-select.complete.min.js" in html
    assert "<script>" not in html  # no inline script: the CSP forbids it


@pytest.mark.django_db
def test_the_route_form_and_the_queue_filters_are_searchable(client, town):
    case = make_case(channel=Channel.VISIT, community=town["community_a"])
    client.force_login(make_staff(Role.PETITION_OFFICE))

    page = client.get(reverse("handling:case", args=[case.pk])).content.decode()
    assert "data-searchable" in _select_tag(page, "route-lead_department")
    assert 'data-pinyin="cgzfzd chengguanzhifazhongdui"' in page

    queue = client.get(reverse("handling:queue")).content.decode()
    assert "data-searchable" in _select_tag(queue, "community")
    assert "data-searchable" in _select_tag(queue, "subject")
    community = queue.split('name="community"')[1].split("</select>")[0]
    assert 'data-pinyin="yyjw yinyijuwei"' in community
