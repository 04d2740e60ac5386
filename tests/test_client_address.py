"""One client address for every per-address limit (login, tracking, web form) and the read log.

A made-up X-Forwarded-For is ignored unless TRUSTED_PROXY_COUNT says proxies append to it; behind a
trusted proxy each resident is counted under the address the proxy saw, not under the proxy's.
"""

import pytest
from django.test import Client
from django.urls import reverse

from audit.services import client_address
from cases.services import PetitionerData
from core.addresses import client_ip
from grids.models import Role

from .factories import make_case, make_staff

PASSWORD = "a-long-test-pass"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.2.3.4", "10.0.0.1"),
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.5", "1.2.3.4"),
        (2, "1.2.3.4", "10.0.0.1"),  # shorter than the proxies that should have written it: the connection
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_address_is_the_one_the_outermost_trusted_proxy_saw(rf, settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected
    assert client_address(request) == expected


def _login(client, username, password, forwarded):
    return client.post(reverse("login"), {"username": username, "password": password}, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.mark.django_db
def test_a_spoofed_forwarded_address_does_not_escape_the_login_lockout(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    user = make_staff(Role.RECEPTION)
    attacker = Client(REMOTE_ADDR="10.2.0.1")
    for attempt in range(5):
        _login(attacker, user.username, f"guess-{attempt}", forwarded=f"198.51.100.{attempt}")

    assert _login(attacker, user.username, PASSWORD, forwarded="198.51.100.99").status_code == 429


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_login_lockout_is_per_resident_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = make_staff(Role.RECEPTION)
    proxy = Client(REMOTE_ADDR="10.2.0.2")
    for attempt in range(5):
        _login(proxy, user.username, f"guess-{attempt}", forwarded="198.51.100.7")

    assert _login(proxy, user.username, PASSWORD, forwarded="198.51.100.7").status_code == 429
    colleague = Client(REMOTE_ADDR="10.2.0.2")
    assert _login(colleague, user.username, PASSWORD, forwarded="198.51.100.8").status_code == 302


@pytest.mark.django_db
def test_a_spoofed_forwarded_address_does_not_escape_the_tracking_limit(town, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.TRACK_SLOW_RATE = "3/10m"
    case = make_case(petitioners=[PetitionerData(name="张三", phone="13912345678")])
    guesser = Client(REMOTE_ADDR="10.2.0.3")
    for n in range(4):
        guesser.post("/track/", {"code": case.tracking_code, "check": f"000{n}"}, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")

    page = guesser.post("/track/", {"code": case.tracking_code, "check": "5678"}, HTTP_X_FORWARDED_FOR="192.0.2.50")
    assert page.status_code == 429


@pytest.mark.django_db
def test_behind_a_trusted_proxy_tracking_counts_each_resident_apart(town, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRACK_SLOW_RATE = "3/10m"
    case = make_case(petitioners=[PetitionerData(name="张三", phone="13912345678")])
    proxy = Client(REMOTE_ADDR="10.2.0.4")
    for n in range(4):
        proxy.post("/track/", {"code": case.tracking_code, "check": f"000{n}"}, HTTP_X_FORWARDED_FOR="192.0.2.60")

    page = proxy.post("/track/", {"code": case.tracking_code, "check": "5678"}, HTTP_X_FORWARDED_FOR="192.0.2.61")
    assert page.status_code == 302
