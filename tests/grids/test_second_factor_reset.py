"""Moving one's second factor to a new phone: only with the password and a current code, both."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from grids.models import Role

from ..factories import make_staff
from .test_second_factor import PASSWORD, _code, _log_in

pytestmark = pytest.mark.django_db
URL = "/accounts/otp/reset/"


@pytest.fixture(autouse=True)
def _enforced(settings):
    settings.OTP_ENFORCED = True


@pytest.fixture
def leader(client):
    """A town leader logged in with the password and the code of a confirmed device."""
    user = make_staff(Role.TOWN_LEADER, username="leader")
    device = TOTPDevice.objects.create(user=user, name="old phone", confirmed=True)
    _log_in(client, user)
    assert client.post(reverse("otp"), {"token": _code(device)}).status_code == 302
    return user, device


def test_the_password_page_links_to_it_for_someone_with_a_device(client, leader):
    assert URL in client.get(reverse("password_change")).content.decode()


def test_a_wrong_password_keeps_the_device_even_with_a_right_code(client, leader):
    _user, device = leader

    page = client.post(URL, {"password": "not-the-password", "token": _code(device, steps_ahead=1)})

    assert page.status_code == 400
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert client.get("/").status_code == 200  # still logged in and verified


def test_a_wrong_code_keeps_the_device(client, leader):
    _user, device = leader

    page = client.post(URL, {"password": PASSWORD, "token": "000000" if _code(device) != "000000" else "111111"})

    assert page.status_code == 400
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_wrong_passwords_are_throttled_like_wrong_codes(client, leader):
    _user, device = leader
    for _ in range(3):
        client.post(URL, {"password": "guess", "token": "123456"})

    page = client.post(URL, {"password": PASSWORD, "token": _code(device, steps_ahead=1)})

    assert page.status_code == 400
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_password_and_a_current_code_remove_it_and_the_next_page_sets_up_the_new_phone(client, leader):
    user, device = leader

    page = client.post(URL, {"password": PASSWORD, "token": _code(device, steps_ahead=1)})

    assert page.status_code == 302
    assert page["Location"] == reverse("otp")
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    setup = client.get(reverse("otp"))
    assert 'data-testid="otp-qr"' in setup.content.decode()
    # The old session's verification went with the old phone: other pages wait for the new one.
    assert client.get("/cases/")["Location"].startswith(reverse("otp"))


def test_someone_without_a_device_has_nothing_to_reset(client):
    user = make_staff(Role.PETITION_OFFICE, username="office")
    _log_in(client, user)

    assert client.get(URL).status_code == 404


def test_it_is_behind_the_login(client, db):
    assert client.get(URL)["Location"].startswith(reverse("login"))
