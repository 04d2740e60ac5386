"""Each platform's QR poster points at its stable public form address on SITE_URL."""

import pytest
import segno
from django.urls import reverse

from core.qr import svg
from grids.models import Platform, Role

from ...factories import make_staff

pytestmark = pytest.mark.django_db


def test_a_poster_carries_the_qr_code_of_the_platforms_form(client, town, settings):
    settings.SITE_URL = "https://xf.zhuanqiao.example"
    platform = Platform.objects.create(
        code="C07", name="北桥居委信访平台", kind="community", community=town["community_b"]
    )
    client.force_login(make_staff(Role.PETITION_OFFICE))

    html = client.get(reverse("platform-poster", args=["C07"])).content.decode()

    url = "https://xf.zhuanqiao.example/s/C07/"
    assert url in html
    assert svg(url, scale=10) in html
    assert platform.name in html
    # The same URL always draws the same code: posters stay valid after a reprint.
    assert segno.make(url, error="m").designator == segno.make(url, error="m").designator


def test_the_poster_and_the_list_are_for_staff(client, town):
    assert client.get(reverse("platform-poster", args=["HALL"])).status_code == 302
    assert client.get(reverse("platforms")).status_code == 302

    client.force_login(make_staff(Role.GRID_WORKER, community=town["community_a"]))
    assert client.get(reverse("platforms")).status_code == 200
    assert client.get(reverse("platform-poster", args=["NOPE"])).status_code == 404
