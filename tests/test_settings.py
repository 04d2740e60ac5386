"""Settings come from the environment: the embedded default, PostgreSQL and Redis."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], 'debug': settings.DEBUG, "
    "'eager': settings.CELERY_TASK_ALWAYS_EAGER, 'broker': settings.CELERY_BROKER_URL, "
    "'cache': settings.CACHES['default']['BACKEND'], 'lang': settings.LANGUAGE_CODE, "
    "'tz': settings.TIME_ZONE, 'use_tz': settings.USE_TZ, 'email': settings.EMAIL_BACKEND}))"
)
CLEARED = (
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FALLBACKS",
    "ID_NUMBER_HASH_KEY",
    "ID_NUMBER_ENCRYPTION_KEYS",
    "TESTING",
    "EMAIL_URL",
    "HTTPS_ONLY",
    "OTP_ENFORCED",
)


def _settings_with(**env) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in CLEARED}
    clean.update(env, DJANGO_SETTINGS_MODULE="zhuanqiao.settings")
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True, check=False
    )
    assert out.returncode == 0 or env.get("expect_failure"), out.stderr
    return json.loads(out.stdout) if out.returncode == 0 else {"error": out.stderr}


def test_with_nothing_set_but_debug_it_runs_on_the_embedded_default():
    s = _settings_with(DEBUG="true")

    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["debug"] is True
    assert s["eager"] is True
    assert s["cache"].endswith("LocMemCache")
    assert s["email"].endswith("console.EmailBackend")
    assert (s["lang"], s["tz"], s["use_tz"]) == ("zh-hans", "Asia/Shanghai", True)


def test_database_and_redis_urls_switch_to_the_real_stack():
    s = _settings_with(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/x",
        REDIS_URL="redis://127.0.0.1:6379/3",
        SECRET_KEY="k" * 50,
        ID_NUMBER_HASH_KEY="i" * 40,
        ID_NUMBER_ENCRYPTION_KEYS="cHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHA=",
    )

    assert s["engine"] == "django.db.backends.postgresql"
    assert s["debug"] is False
    assert s["eager"] is False
    assert s["broker"] == "redis://127.0.0.1:6379/3"
    assert s["cache"].endswith("RedisCache")


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    s = _settings_with(DATABASE_URL="postgres://postgres@127.0.0.1:5432/x", expect_failure="1")

    assert "SECRET_KEY" in s["error"]
