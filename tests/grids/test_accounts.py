"""Staff accounts: changing one's password, and the login's limit per address across accounts."""

import pytest
from django.urls import reverse

from grids.models import Role

from ..factories import make_staff

PASSWORD = "a-long-test-pass"


@pytest.fixture
def officer(db):
    return make_staff(Role.PETITION_OFFICE)


def _change(client, old, new, language="en"):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_the_password_change_page_is_for_signed_in_staff_only(client, db):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_navigation_bar_links_to_the_password_change(client, officer):
    client.force_login(officer)

    page = client.get(reverse("home"))

    assert reverse("password_change") in page.content.decode()


def test_it_refuses_a_wrong_old_password_and_keeps_the_password(client, officer):
    client.force_login(officer)

    response = _change(client, "not-my-password", "Another-long-pass-42")

    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


@pytest.mark.parametrize("weak", ["short1", "1234567890123", "password123", "petition_office9"])
def test_it_refuses_a_weak_new_password_in_chinese_first(client, officer, weak):
    client.force_login(officer)

    response = _change(client, PASSWORD, weak, language="zh-hans")

    assert response.status_code == 200
    errors = response.context["form"].errors["new_password2"]
    assert errors
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in e) for e in errors), errors
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_a_changed_password_works_and_the_session_goes_on(client, officer):
    client.force_login(officer)

    response = _change(client, PASSWORD, "Another-long-pass-42")

    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("Another-long-pass-42")
    assert client.get(reverse("home")).status_code == 200


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, HTTP_ACCEPT_LANGUAGE="en")


def test_password_spraying_from_one_address_is_refused_even_with_the_right_password(client, db):
    sprayed = [make_staff(Role.RECEPTION) for _ in range(8)]
    ninth = make_staff(Role.RECEPTION)
    for user in sprayed:
        for attempt in range(4):
            _login(client, user.username, f"guess-{attempt}")

    response = _login(client, ninth.username, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "from this address" in response.content.decode()


def test_the_address_limit_counts_only_failures(client, db, settings):
    settings.LOGIN_ADDRESS_RATE = "3/10m"
    user = make_staff(Role.RECEPTION)
    for _ in range(5):
        assert _login(client, user.username, PASSWORD).status_code == 302
        client.logout()

    assert _login(client, user.username, PASSWORD).status_code == 302


def test_the_address_limit_holds_another_address_harmless(client, db, settings):
    settings.LOGIN_ADDRESS_RATE = "3/10m"
    users = [make_staff(Role.RECEPTION) for _ in range(4)]
    for user in users[:3]:
        _login(client, user.username, "wrong-guess")
    assert _login(client, users[3].username, PASSWORD).status_code == 429

    response = client.post(
        reverse("login"), {"username": users[3].username, "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )

    assert response.status_code == 302


def test_the_old_lockout_of_one_username_at_one_address_still_holds(client, db):
    user = make_staff(Role.RECEPTION)
    for attempt in range(5):
        _login(client, user.username, f"guess-{attempt}")

    response = _login(client, user.username, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
