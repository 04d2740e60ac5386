"""API tokens: issued in the admin (the key shown once, only its hash kept), bound to one login and its scope,
expiring, revocable, their last use recorded; the browser's session needs its CSRF token, a token does not."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from apitokens.models import ApiToken, hash_key
from apitokens.services import token_issue, token_revoke
from cases.models import Status
from grids.models import Role

from ..factories import make_staff

pytestmark = pytest.mark.django_db


def _bearer(key: str, scheme: str = "Bearer") -> dict:
    return {"HTTP_AUTHORIZATION": f"{scheme} {key}"}


def test_the_admin_issues_a_token_showing_the_key_once_and_keeping_only_its_hash(client, people):
    admin = make_staff(Role.ADMINISTRATOR, username="root")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    page = client.post(
        "/admin/apitokens/apitoken/add/",
        {
            "user": people["officer"].pk,
            "name": "12345热线对接",
            "expires_at_0": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "expires_at_1": "00:00:00",
        },
        follow=True,
    )
    assert page.status_code == 200
    token = ApiToken.objects.get()
    shown = [str(m) for m in page.context["messages"]]
    key = next(found.group() for m in shown if (found := re.search(r"zq_[A-Za-z0-9_-]{20,}", m)))
    assert token.key_hash == hash_key(key) and key not in token.key_hash
    assert key not in client.get(f"/admin/apitokens/apitoken/{token.pk}/change/").content.decode()


def test_a_token_works_with_either_scheme_and_its_use_is_recorded(api, people, case_at):
    case = case_at(Status.ASSIGNED)
    token, key = token_issue(user=people["officer"], name="sys")
    for scheme in ("Bearer", "Token"):
        page = api.get(f"/api/v1/cases/{case.pk}/", **_bearer(key, scheme))
        assert page.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_carries_its_login_s_scope_and_the_accused_rule(api, people, case_at, town):
    case = case_at(Status.ASSIGNED)
    _token, key = token_issue(user=people["other_officer"], name="sys")
    assert api.get(f"/api/v1/cases/{case.pk}/", **_bearer(key)).status_code == 404
    assert api.get("/api/v1/cases/", {"q": case.tracking_code}, **_bearer(key)).json()["results"] == []


@pytest.mark.parametrize("state", ["revoked", "expired", "inactive", "wrong", "garbage", "empty"])
def test_a_token_that_is_not_good_gets_401(api, people, state):
    token, key = token_issue(user=people["officer"], name="sys")
    if state == "revoked":
        assert token_revoke(token=token)
    elif state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif state == "inactive":
        people["officer"].is_active = False
        people["officer"].save()
    header = {
        "wrong": _bearer("zq_" + "A" * 43),
        "garbage": {"HTTP_AUTHORIZATION": "Bearer a b c"},
        "empty": {"HTTP_AUTHORIZATION": "Bearer"},
    }.get(state, _bearer(key))
    page = api.get("/api/v1/cases/", **header)
    assert page.status_code == 401
    assert page.json()["code"] == "authentication_failed"


def test_revoking_twice_keeps_the_first_time(people):
    token, _key = token_issue(user=people["officer"], name="sys")
    assert token_revoke(token=token) is True
    first = ApiToken.objects.get(pk=token.pk).revoked_at
    assert token_revoke(token=token) is False
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first


def test_a_session_post_needs_the_csrf_token_but_a_token_post_does_not(people, case_at):
    case = case_at(Status.IN_PROGRESS)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people["officer"])
    body = {"text": "x", "version": case.version}
    refused = browser.post(f"/api/v1/cases/{case.pk}/actions/note/", body, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["message"]
    _token, key = token_issue(user=people["officer"], name="sys")
    system = Client(enforce_csrf_checks=True)
    done = system.post(f"/api/v1/cases/{case.pk}/actions/note/", body, content_type="application/json", **_bearer(key))
    assert done.status_code == 200


def test_each_token_and_each_login_has_its_own_rate_limit(api, people, settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**rates, "token": "3/min"}}
    _one, first = token_issue(user=people["officer"], name="a")
    _two, second = token_issue(user=people["officer"], name="b")
    for _ in range(3):
        assert api.get("/api/v1/departments/", **_bearer(first)).status_code == 200
    page = api.get("/api/v1/departments/", **_bearer(first))
    assert page.status_code == 429 and page.json()["code"] == "throttled" and int(page["Retry-After"]) > 0
    assert api.get("/api/v1/departments/", **_bearer(second)).status_code == 200

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {**rates, "user": "2/min"}}
    api.force_login(people["head"])
    assert [api.get("/api/v1/departments/").status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.parametrize("role", [Role.TOWN_LEADER, Role.ADMINISTRATOR])
def test_a_login_that_must_give_a_second_factor_gets_no_token_and_an_old_one_stops_working(api, people, role, settings):
    from django.core.exceptions import ValidationError

    from grids.accounts import needs_second_factor

    someone = make_staff(role, username=f"two-factor-{role}")
    _token, key = token_issue(user=someone, name="issued while not enforced")
    settings.OTP_ENFORCED = True
    assert needs_second_factor(someone)  # the same rule as the pages' second factor

    with pytest.raises(ValidationError):
        token_issue(user=someone, name="sys")
    assert api.get("/api/v1/cases/", **_bearer(key)).status_code == 401
    _officer_token, officer_key = token_issue(user=people["officer"], name="sys")
    assert api.get("/api/v1/cases/", **_bearer(officer_key)).status_code == 200
