"""A community's QR code knows its community; a web case reaches triage with the suggestion a counter case gets."""

import re

import pytest
from django.urls import reverse

from cases.models import Case
from grids.models import Platform, Role

from ...factories import SubjectFactory, make_staff
from .helpers import web_post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def community_platform(town):
    return Platform.objects.create(code="C01", name="银一居委信访平台", kind="community", community=town["community_a"])


def test_a_communitys_qr_form_opens_with_that_community_chosen(client, town, community_platform):
    html = client.get(reverse("web-form", args=["C01"])).content.decode()

    assert f'<option value="{town["community_a"].pk}" selected>' in html
    assert '<option value="" selected>' not in html.split('name="community"')[1].split("</select>")[0]


def test_the_halls_qr_form_still_asks_the_community(client, town):
    html = client.get(reverse("web-form", args=[town["hall"].code])).content.decode()

    community_select = html.split('name="community"')[1].split("</select>")[0]
    assert '<option value="" selected>' in community_select


def test_a_web_case_from_a_community_platform_reaches_triage_with_community_zone_and_suggested_lead(
    client, town, community_platform
):
    subject = SubjectFactory(code="noise", name="噪声扰民", default_department=town["dept_a"])
    client.post(
        reverse("web-form", args=["C01"]),
        web_post(community=town["community_a"].pk, subject=subject.pk),
    )
    case = Case.objects.get()
    assert (case.community, case.zone, case.subject, case.tier.code) == (
        town["community_a"],
        town["community_a"].zone,
        subject,
        "community",
    )

    client.force_login(make_staff(Role.PETITION_OFFICE))
    inbox = client.get(reverse("handling:inbox")).content.decode()
    row = inbox.split(case.tracking_code)[1].split("</tr>")[0]
    assert "银一居委" in row and "城管执法中队" in row

    page = client.get(reverse("handling:case", args=[case.pk])).content.decode()
    route = page.split('name="route-lead_department"')[1].split("</select>")[0]
    assert re.search(rf'<option value="{town["dept_a"].pk}" selected[ >]', route)


def test_a_web_case_from_a_department_platform_suggests_that_department(client, town):
    Platform.objects.create(code="D01", name="房管办信访平台", kind="department", department=town["dept_b"])
    client.post(reverse("web-form", args=["D01"]), web_post())
    case = Case.objects.get()

    assert case.suggested_lead_department == town["dept_b"]
    client.force_login(make_staff(Role.PETITION_OFFICE))
    row = client.get(reverse("handling:inbox")).content.decode().split(case.tracking_code)[1].split("</tr>")[0]
    assert "房管办" in row
    page = client.get(reverse("handling:case", args=[case.pk])).content.decode()
    assert re.search(rf'<option value="{town["dept_b"].pk}" selected[ >]', page)
    assert "牵头部门按受理平台“房管办信访平台”推荐。" in page


def test_a_resident_may_leave_the_subject_out(client, town, community_platform):
    page = client.post(reverse("web-form", args=["C01"]), web_post(community=town["community_a"].pk))

    assert page.status_code == 302
    assert Case.objects.get().subject is None
