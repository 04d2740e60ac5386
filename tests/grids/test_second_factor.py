"""Town leaders, administrators and superusers enter a TOTP code after the password; other staff do not."""

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from grids.models import Role

from ..factories import make_staff

PASSWORD = "a-long-test-pass"


@pytest.fixture(autouse=True)
def _enforced(settings):
    settings.OTP_ENFORCED = True


def _code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def _log_in(client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("role", [Role.TOWN_LEADER, Role.ADMINISTRATOR])
def test_it_sends_a_leader_or_administrator_past_the_password_to_the_second_factor(client, db, role):
    _log_in(client, make_staff(role))

    for path in ("/", "/cases/", "/dashboard/", "/admin/", "/api/schema/", "/notifications/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("otp") + "?next="), path


def test_it_lets_other_staff_through_on_the_password_alone(client, db):
    user = make_staff(Role.PETITION_OFFICE)
    _log_in(client, user)

    assert client.get("/").status_code == 200
    assert client.get(reverse("otp")).status_code == 302  # and sets no device up for them
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_it_asks_a_superuser_without_a_role_too(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", password=PASSWORD)
    _log_in(client, user)

    assert client.get("/").headers["Location"].startswith(reverse("otp"))


def test_a_first_login_shows_a_qr_code_then_confirms_the_device_with_a_code(client, db):
    leader = make_staff(Role.TOWN_LEADER)
    _log_in(client, leader)

    page = client.get(reverse("otp"), {"next": "/dashboard/"})
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=leader)
    assert device.confirmed is False
    secret = re.search(r'data-testid="otp-secret">([A-Z2-7=]+)<', page.content.decode()).group(1)
    assert secret.rstrip("=")

    response = client.post(reverse("otp"), {"token": _code(device), "next": "/dashboard/"})

    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/dashboard/").status_code == 200


def test_a_later_login_asks_for_the_code_of_the_confirmed_device_and_shows_no_qr(client, db):
    leader = make_staff(Role.TOWN_LEADER)
    device = TOTPDevice.objects.create(user=leader, name="phone", confirmed=True)
    _log_in(client, leader)

    page = client.get(reverse("otp"))
    assert "<svg" not in page.content.decode()
    assert TOTPDevice.objects.filter(user=leader).count() == 1

    client.post(reverse("otp"), {"token": _code(device)})
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("token", ["000000", "12345", "１２３４５６", "²²²²²²", "", "1234567"])
def test_a_wrong_or_malformed_code_is_refused_with_a_message_and_nothing_opens(client, db, token):
    leader = make_staff(Role.TOWN_LEADER)
    device = TOTPDevice.objects.create(user=leader, name="phone", confirmed=True)
    if token == "000000" and _code(device) == token:
        token = "000001"
    _log_in(client, leader)

    response = client.post(reverse("otp"), {"token": token}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.context["form"].errors["token"]
    assert client.get("/").status_code == 302


def test_a_code_from_another_leaders_device_does_not_open_this_one(client, db):
    other = TOTPDevice.objects.create(user=make_staff(Role.TOWN_LEADER), name="phone", confirmed=True)
    leader = make_staff(Role.TOWN_LEADER)
    TOTPDevice.objects.create(user=leader, name="phone", confirmed=True)
    _log_in(client, leader)

    response = client.post(reverse("otp"), {"token": _code(other)})

    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_repeated_wrong_codes_are_throttled(client, db, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # the wait after one failure, long enough for a slow machine
    leader = make_staff(Role.TOWN_LEADER)
    device = TOTPDevice.objects.create(user=leader, name="phone", confirmed=True)
    _log_in(client, leader)
    wrong = "000000" if _code(device) != "000000" else "000001"
    client.post(reverse("otp"), {"token": wrong})

    # Right after a failure the device waits: even the right code is refused for now.
    response = client.post(reverse("otp"), {"token": _code(device)})

    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_the_code_page_never_sends_anyone_off_site(client, db):
    leader = make_staff(Role.TOWN_LEADER)
    device = TOTPDevice.objects.create(user=leader, name="phone", confirmed=True)
    _log_in(client, leader)

    response = client.post(reverse("otp"), {"token": _code(device), "next": "https://elsewhere.example/"})

    assert response["Location"] == reverse("home")


def test_the_code_page_logout_and_language_stay_open_before_the_code(client, db):
    _log_in(client, make_staff(Role.TOWN_LEADER))

    assert client.get(reverse("otp")).status_code == 200
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/").status_code == 302  # to the login page now
    assert client.get("/").headers["Location"].startswith(reverse("login"))


def test_it_is_off_when_not_enforced(client, db, settings):
    settings.OTP_ENFORCED = False
    _log_in(client, make_staff(Role.TOWN_LEADER))

    assert client.get("/").status_code == 200


def test_the_required_roles_are_a_setting(client, db, settings):
    settings.OTP_REQUIRED_ROLES = [Role.PETITION_OFFICE]
    _log_in(client, make_staff(Role.PETITION_OFFICE))

    assert client.get("/").headers["Location"].startswith(reverse("otp"))
