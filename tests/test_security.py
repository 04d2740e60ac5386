"""A production mode that is safe by default: the deploy checks pass with the README's settings, DEBUG and
the keys are never assumed, the API's schema is for staff, sessions end, media are never served."""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve, reverse

from grids.accounts import LOGIN_AT_SESSION_KEY
from grids.models import Role

from .factories import make_staff

ROOT = Path(__file__).resolve().parent.parent
KEPT = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({k: getattr(settings, k, None) for k in ("
    "'DEBUG', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
    "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_AGE', 'SESSION_SAVE_EVERY_REQUEST', "
    "'SESSION_EXPIRE_AT_BROWSER_CLOSE', 'OTP_ENFORCED', 'SECURE_PROXY_SSL_HEADER', 'ID_NUMBER_HASH_KEY')}))"
)


def _readme_production_block() -> str:
    """The shell block under "What an operator must set" in the README, exactly as an operator copies it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### What an operator must set", 1)[1]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def _run(script: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k in KEPT}
    clean["PATH"] = f"{Path(sys.executable).parent}:{clean.get('PATH', '')}"
    clean.update(env)
    return subprocess.run(
        ["bash", "-c", script], cwd=ROOT, env=clean, capture_output=True, text=True, check=False, timeout=120
    )


def _settings_with(**env) -> dict:
    out = _run(f'python -c "{PROBE}"', DJANGO_SETTINGS_MODULE="zhuanqiao.settings", **env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def _refusal(**env) -> str:
    out = _run(f'python -c "{PROBE}"', DJANGO_SETTINGS_MODULE="zhuanqiao.settings", **env)
    assert out.returncode != 0, out.stdout
    return out.stderr


PRODUCTION = {
    "SECRET_KEY": "s" * 20 + "-production-secret-key-0123456789",
    "ID_NUMBER_HASH_KEY": "h" * 40,
    "ID_NUMBER_ENCRYPTION_KEYS": "cHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHA=",
}


def test_the_readmes_production_settings_pass_the_deploy_checks_without_a_warning():
    block = _readme_production_block()

    out = _run(block + "\nexec python manage.py check --deploy --fail-level WARNING")

    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_the_deploy_checks_do_warn_when_https_is_turned_off():
    out = _run(_readme_production_block() + "\nexport HTTPS_ONLY=false\nexec python manage.py check --deploy")

    assert "security.W008" in out.stderr + out.stdout  # no SSL redirect
    assert "security.W004" in out.stderr + out.stdout  # no HSTS


def test_with_only_the_keys_set_it_runs_safe_debug_off_https_only_with_short_sessions():
    s = _settings_with(**PRODUCTION)

    assert s["DEBUG"] is False
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] >= 31536000
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert s["SESSION_COOKIE_SECURE"] is True
    assert s["CSRF_COOKIE_SECURE"] is True
    assert s["SESSION_COOKIE_AGE"] == 30 * 60
    assert s["SESSION_SAVE_EVERY_REQUEST"] is False  # renewed at most once a minute instead
    assert s["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert s["OTP_ENFORCED"] is True


def test_a_plain_http_intranet_turns_https_off_with_one_variable():
    s = _settings_with(**PRODUCTION, HTTPS_ONLY="false")

    assert (s["SECURE_SSL_REDIRECT"], s["SECURE_HSTS_SECONDS"], s["SESSION_COOKIE_SECURE"]) == (False, 0, False)


def test_behind_a_proxy_the_ssl_header_is_read_from_the_environment():
    s = _settings_with(**PRODUCTION, SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https")

    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert "SECURE_PROXY_SSL_HEADER" in _refusal(**PRODUCTION, SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO")


def test_debug_is_off_even_with_no_database_or_redis_configured():
    assert "SECRET_KEY" in _refusal()


def test_it_refuses_to_start_without_an_id_number_key_when_debug_is_off():
    assert "ID_NUMBER_HASH_KEY" in _refusal(SECRET_KEY=PRODUCTION["SECRET_KEY"])


def test_it_refuses_an_id_number_key_equal_to_the_secret_key_or_its_fallback():
    key = PRODUCTION["SECRET_KEY"]

    assert "differ" in _refusal(SECRET_KEY=key, ID_NUMBER_HASH_KEY=key)
    assert "differ" in _refusal(SECRET_KEY="x" * 50, SECRET_KEY_FALLBACKS=key, ID_NUMBER_HASH_KEY=key)
    assert "differ" in _refusal(DEBUG="true", ID_NUMBER_HASH_KEY="dev-only-insecure-key-never-use-in-production")


def test_it_refuses_a_short_id_number_key_in_production():
    assert "32" in _refusal(SECRET_KEY=PRODUCTION["SECRET_KEY"], ID_NUMBER_HASH_KEY="short")


def test_it_refuses_to_start_without_an_id_number_encryption_key_when_debug_is_off():
    keys = {k: v for k, v in PRODUCTION.items() if k != "ID_NUMBER_ENCRYPTION_KEYS"}

    assert "ID_NUMBER_ENCRYPTION_KEYS" in _refusal(**keys)


def test_it_refuses_an_encryption_key_that_is_no_key_or_is_another_key_or_the_development_one():
    assert "Fernet" in _refusal(**{**PRODUCTION, "ID_NUMBER_ENCRYPTION_KEYS": "not-a-key"})
    # Both Fernet-shaped, so only the comparison can refuse them.
    same = PRODUCTION["ID_NUMBER_ENCRYPTION_KEYS"]
    assert "differ" in _refusal(**{**PRODUCTION, "ID_NUMBER_HASH_KEY": same})
    assert "differ" in _refusal(**{**PRODUCTION, "SECRET_KEY": same})
    assert "development key" in _refusal(
        **{**PRODUCTION, "ID_NUMBER_ENCRYPTION_KEYS": "ZGV2LW9ubHktaWQtbnVtYmVyLWtleS1uZXZlci11c2U="}
    )


def test_the_development_id_number_key_is_never_the_development_secret_key():
    s = _settings_with(DEBUG="true")

    assert s["ID_NUMBER_HASH_KEY"]
    assert s["ID_NUMBER_HASH_KEY"] != "dev-only-insecure-key-never-use-in-production"


def test_the_id_number_hash_is_keyed_by_its_own_key(settings):
    from cases.identity import hash_id_number

    settings.ID_NUMBER_HASH_KEY = "one-key-" * 5
    first = hash_id_number("310112199001011234")
    settings.ID_NUMBER_HASH_KEY = "another-key-" * 4
    second = hash_id_number("310112199001011234")
    settings.SECRET_KEY = "a-different-django-key-" * 3

    assert first != second
    assert hash_id_number("310112199001011234") == second


def test_media_are_never_served_from_a_url_without_debug():
    with pytest.raises(Resolver404):
        resolve("/media/attachments/2026/scan.jpg")


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_the_api_schema_and_docs_are_closed_to_anonymous_visitors(client, db, path):
    # 401 naming the scheme: the API takes tokens (apitokens), so a visitor is told how to authenticate.
    page = client.get(path)
    assert page.status_code == 401 and page["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_the_api_schema_and_docs_open_for_signed_in_staff(client, db, path):
    client.force_login(make_staff(Role.RECEPTION))

    assert client.get(path).status_code == 200


def test_https_redirect_and_hsts_apply_when_on(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000

    assert client.get("/track/")["Location"].startswith("https://")
    response = client.get("/track/", secure=True)
    assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_a_login_ends_after_the_longest_session_however_active(client, db, settings):
    settings.SESSION_MAX_HOURS = 8
    user = make_staff(Role.PETITION_OFFICE)
    client.post(reverse("login"), {"username": user.username, "password": "a-long-test-pass"})
    assert client.get("/").status_code == 200
    session = client.session
    session[LOGIN_AT_SESSION_KEY] = time.time() - 8 * 3600 - 60
    session.save()

    response = client.get("/cases/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_a_login_within_its_hours_goes_on(client, db):
    user = make_staff(Role.PETITION_OFFICE)
    client.post(reverse("login"), {"username": user.username, "password": "a-long-test-pass"})
    session = client.session
    session[LOGIN_AT_SESSION_KEY] = time.time() - 7 * 3600
    session.save()

    assert client.get("/").status_code == 200


def test_a_renewal_sends_the_session_cookie_again_http_only(client, db, settings):
    settings.SESSION_RENEW_SECONDS = 60  # the production setting (tests/conftest.py stretches it)
    client.force_login(make_staff(Role.PETITION_OFFICE))
    session = client.session
    session["_idle_renewed_at"] = time.time() - 61  # the login's own renewal, a minute ago
    session.save()

    response = client.get("/")  # renews the idle window

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert cookie["httponly"]


def test_no_page_may_be_framed(client, db):
    response = client.get("/track/")

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
