"""Settings, all read from the environment with safe defaults.

With no variables set the portal runs on its embedded default: SQLite in the project folder,
Celery tasks in-process, a local-memory cache and console e-mail. DATABASE_URL switches to
PostgreSQL, REDIS_URL to a real Celery broker and the Redis cache. DEBUG is off unless asked for
(./run.sh asks): with it off the portal wants its keys and speaks HTTPS only (see "Security" below).
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; absent on most machines

DATABASE_URL = env.str("DATABASE_URL", default="")
REDIS_URL = env.str("REDIS_URL", default="")

# Debug is on only when asked for (./run.sh, the developer's runner, asks): a server that forgets to
# set it is a production server, never one that serves uploads and tracebacks to anyone.
DEBUG = env.bool("DEBUG", default=False)
TESTING = env.bool("TESTING", default=False)

_DEV_SECRET = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET if DEBUG or TESTING else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
# Rotating SECRET_KEY: the old key stays here until the sessions it signed have ended (README, Security).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

# Keyed hash for ID numbers: repeat detection needs equality, never the number itself. An ID number has
# little entropy, so whoever holds this key can read every hash back: it is its own secret, never the
# Django key (which signs cookies and may be shared more widely), and never stored in the database.
_DEV_ID_NUMBER_HASH_KEY = "dev-only-id-number-hash-key-never-use-in-production"
ID_NUMBER_HASH_KEY = env.str("ID_NUMBER_HASH_KEY", default=_DEV_ID_NUMBER_HASH_KEY if DEBUG or TESTING else "")
if not ID_NUMBER_HASH_KEY:
    raise ImproperlyConfigured("ID_NUMBER_HASH_KEY must be set when DEBUG is off.")
if ID_NUMBER_HASH_KEY == SECRET_KEY or ID_NUMBER_HASH_KEY in SECRET_KEY_FALLBACKS:
    raise ImproperlyConfigured("ID_NUMBER_HASH_KEY must differ from SECRET_KEY.")
if not (DEBUG or TESTING) and len(ID_NUMBER_HASH_KEY) < 32:
    raise ImproperlyConfigured("ID_NUMBER_HASH_KEY must be at least 32 random characters.")

# The full ID number, kept only where the counter took it (cases.identity), encrypted with these Fernet keys:
# a comma-separated list, the first encrypts, every one decrypts, so a key is rotated by putting the new one
# first and running `manage.py rotate_id_number_keys`. Like the hash key they live outside the database and
# its backups (README, Security), and never equal the Django key or the hash key.
_DEV_ID_NUMBER_ENCRYPTION_KEY = "ZGV2LW9ubHktaWQtbnVtYmVyLWtleS1uZXZlci11c2U="  # base64 of a public dev phrase
ID_NUMBER_ENCRYPTION_KEYS = env.list(
    "ID_NUMBER_ENCRYPTION_KEYS", default=[_DEV_ID_NUMBER_ENCRYPTION_KEY] if DEBUG or TESTING else []
)
if not ID_NUMBER_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("ID_NUMBER_ENCRYPTION_KEYS must be set when DEBUG is off.")
if not (DEBUG or TESTING) and _DEV_ID_NUMBER_ENCRYPTION_KEY in ID_NUMBER_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("ID_NUMBER_ENCRYPTION_KEYS holds the development key; generate a key of your own.")
for _key in ID_NUMBER_ENCRYPTION_KEYS:
    if _key in (SECRET_KEY, ID_NUMBER_HASH_KEY, *SECRET_KEY_FALLBACKS):
        raise ImproperlyConfigured("ID_NUMBER_ENCRYPTION_KEYS must differ from SECRET_KEY and ID_NUMBER_HASH_KEY.")
    try:
        Fernet(_key)
    except ValueError as _err:
        raise ImproperlyConfigured(
            "Each of ID_NUMBER_ENCRYPTION_KEYS is a Fernet key: 32 bytes in URL-safe base64 (44 characters)."
        ) from _err

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The public address printed on QR posters, receipts and in SMS and e-mail links. Unset, the portal uses the
# address it is reached at, remembered from the first request (core/site.py): set it in production.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")

# The petition office as the receipt and the error pages print it: who to call, where to come. The defaults
# are the demo town's; a real office sets its own.
OFFICE_NAME = env.str("OFFICE_NAME", default="") or _("Zhuanqiao town petition office")
OFFICE_PHONE = env.str("OFFICE_PHONE", default="021-6489 0000")
OFFICE_ADDRESS = env.str("OFFICE_ADDRESS", default="") or _("Reception hall, 1 Zhuanqiao Road, Minhang, Shanghai")
OFFICE_HOURS = env.str("OFFICE_HOURS", default="") or _("Working days 9:00-17:00")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for the portal's form renderer
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Floors, lowest first: an app imports only the apps above it in this list (import-linter checks it).
    "workcalendar",
    "grids",
    "notifications",
    "audit",
    "apitokens",
    "cases",
    "dashboard",
    "mediation",
    "open311",
    "prevention",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Renews the idle window at most once a minute (instead of SESSION_SAVE_EVERY_REQUEST's write per page).
    "grids.middleware.SessionIdleMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the form or the session: a NUL byte or a broken encoding gets a 400 here.
    "core.middleware.UnreadableInputMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Where no SITE_URL is configured: remember the address the portal is reached at, for links sent later.
    "core.site.RememberSiteUrlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Second factor: django-otp marks the verified session, grids holds leaders to it (OTP_ENFORCED).
    "django_otp.middleware.OTPMiddleware",
    "grids.middleware.SecondFactorMiddleware",
    "grids.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhuanqiao.urls"
WSGI_APPLICATION = "zhuanqiao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "grids.context_processors.staff",
                "notifications.context_processors.unread",
            ],
            # core is not an app (no models): its template tags are named here.
            "libraries": {"slots": "core.templatetags.slots"},
        },
    },
]

# Every form draws with templates/forms/ (Bootstrap markup), through Django's own form rendering.
FORM_RENDERER = "core.forms.PortalFormRenderer"

DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: opening a PostgreSQL connection (fork, authentication, catalogue caches) costs more
# than a whole intake request; keeping each worker's connection for ten minutes lifted a bare one-row insert view
# from 158 to 506 requests/s and the web form from 35 to 56 on this 2-core machine. Development and tests keep
# 0 (runserver's thread per request would strand connections).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG or TESTING else 600)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # No JIT: every statement of the portal is short and index-served, and PostgreSQL's JIT compiled the queue's
    # counts for 0.6-1.5 s before running them for a few ms. The dashboard's cube already switched it off.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
# A connection kept between requests is checked before reuse, so after a PostgreSQL restart the next
# request opens a fresh one instead of failing on the dead one (core.errors answers 503 meanwhile).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SILENCED_SYSTEM_CHECKS: list[str] = []
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The dashboard's covering indexes (INCLUDE) are a PostgreSQL speed-up; SQLite just uses the key columns.
    SILENCED_SYSTEM_CHECKS += ["models.W040"]

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # django-ratelimit wants a shared cache; one process on the embedded default is fine.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock a username at one address after repeated failures; an administrator can unlock.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Password spraying (a few guesses at each of many accounts) never trips the rule above: the login page
# also counts failures per address across accounts and refuses the address for the rest of the window.
LOGIN_ADDRESS_RATE = env.str("LOGIN_ADDRESS_RATE", default="20/10m")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Without collectstatic (development, tests) whitenoise serves straight from the static folders.
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# Uploads: scans and photos only; the limit is checked again on the bytes received.
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# EMAIL_URL, e.g. smtp+tls://user:pass@host:587; console output by default (django-environ's idiom).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@zhuanqiao.example")

# SMS: printed to the log by default; an HTTP gateway when SMS_GATEWAY_URL is set.
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="")
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=5.0)
SMS_BACKEND = env.str(
    "SMS_BACKEND",
    default="notifications.sms.HttpGatewaySmsBackend" if SMS_GATEWAY_URL else "notifications.sms.ConsoleSmsBackend",
).replace("notifications.sms.", "notifications.sms.")  # the backends' module before the outbox became its own app

# Intake limits: what the web form and the tracking page accept from one address or for one code.
WEB_INTAKE_RATE = env.str("WEB_INTAKE_RATE", default="10/h")
# Open311 GeoReport v2 (/open311/v2/): posts accepted per API key, the window in which the same post again
# returns the first one's case, the most requests one GET returns, the town's box (south, west, north, east;
# a lat/long outside is refused) and how far from a community's point a lat/long still finds it.
OPEN311_POST_RATE = env.str("OPEN311_POST_RATE", default="60/h")
OPEN311_REPEAT_SECONDS = env.int("OPEN311_REPEAT_SECONDS", default=600)
OPEN311_MAX_REQUESTS = env.int("OPEN311_MAX_REQUESTS", default=1000)
OPEN311_BOUNDS = tuple(env.list("OPEN311_BOUNDS", cast=float, default=[30.98, 121.33, 31.12, 121.48]))
OPEN311_COMMUNITY_RADIUS_DEGREES = env.float("OPEN311_COMMUNITY_RADIUS_DEGREES", default=0.02)
OPEN311_CHANGESET = "2026-12-02T00:00:00+08:00"
TRACK_SLOW_RATE = env.str("TRACK_SLOW_RATE", default="5/10m")
TRACK_BLOCK_RATE = env.str("TRACK_BLOCK_RATE", default="20/d")
# Failures on one code from anywhere before it is guarded, never blocked (cases/views/ratelimits.py).
TRACK_CODE_RATE = env.str("TRACK_CODE_RATE", default="10/h")

# Reminders: days before a due date, then on the day and daily once overdue; the town office
# hears of a case this many days past its date. Delivery retries with exponential backoff.
REMINDER_DAYS_BEFORE = env.list("REMINDER_DAYS_BEFORE", cast=int, default=[3, 1])
# Mediators hear of an agreement's term this many days before it is due (once per term).
MEDIATION_TERM_REMINDER_DAYS = env.int("MEDIATION_TERM_REMINDER_DAYS", default=3)
REMINDER_TOWN_OFFICE_AFTER_DAYS = env.int("REMINDER_TOWN_OFFICE_AFTER_DAYS", default=7)
DIGEST_HOUR = env.int("DIGEST_HOUR", default=8)
NOTIFY_MAX_ATTEMPTS = env.int("NOTIFY_MAX_ATTEMPTS", default=8)
NOTIFY_RETRY_BASE_SECONDS = env.int("NOTIFY_RETRY_BASE_SECONDS", default=60)
NOTIFY_BATCH = env.int("NOTIFY_BATCH", default=500)

# Celery: in-process on the embedded default, Redis when configured.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "socket_connect_timeout": 2}
# A publish that cannot reach the broker fails fast instead of holding up the request.
# How often the dashboard's rollup recounts the days whose cases changed.
DASHBOARD_REFRESH_SECONDS = env.float("DASHBOARD_REFRESH_SECONDS", default=60.0)
CELERY_BEAT_SCHEDULE = {
    "sweep-reminders": {"task": "cases.tasks.sweep_reminders", "schedule": crontab(minute=5)},
    "sweep-mediation-terms": {"task": "mediation.tasks.sweep_term_reminders", "schedule": crontab(minute=10)},
    "deliver-pending": {"task": "notifications.tasks.deliver_pending_notifications", "schedule": 60.0},
    "daily-digests": {"task": "cases.tasks.send_daily_digests", "schedule": crontab(minute=0, hour=DIGEST_HOUR)},
    # The dashboard reads the rollup as this task last counted it (pages never write).
    # The town's unfiltered queue counts, counted again before they run out while people open the list.
    "warm-town-queue-counts": {"task": "cases.tasks.warm_town_queue_counts", "schedule": 20.0},
    "refresh-dashboard-rollup": {
        "task": "dashboard.tasks.refresh_dashboard_rollup",
        "schedule": DASHBOARD_REFRESH_SECONDS,
    },
}
# Risk screening: days between reviews of an open item, by level. Major weekly, high every two weeks,
# medium monthly, low quarterly; a high or major item without a next review date is refused.
RISK_REVIEW_DAYS = {
    "major": env.int("RISK_REVIEW_DAYS_MAJOR", default=7),
    "high": env.int("RISK_REVIEW_DAYS_HIGH", default=14),
    "medium": env.int("RISK_REVIEW_DAYS_MEDIUM", default=30),
    "low": env.int("RISK_REVIEW_DAYS_LOW", default=90),
}
# A meeting's follow-up action is reminded this many days before it is due (once), and once when overdue.
ACTION_REMINDER_DAYS_BEFORE = env.int("ACTION_REMINDER_DAYS_BEFORE", default=1)
CELERY_BEAT_SCHEDULE["prevention-reminders"] = {
    "task": "prevention.tasks.sweep_prevention_reminders",
    "schedule": crontab(minute=15),
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}

REST_FRAMEWORK = {
    # The browser's session (with its CSRF token) and systems' tokens (apitokens, issued in the admin).
    # The token first: a request without credentials then gets 401 naming the scheme.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apitokens.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # One error body for every error, in the reader's language (cases/api/errors.py).
    "EXCEPTION_HANDLER": "cases.api.errors.exception_handler",
    # Per token and per login, counted in the shared cache (Redis in production).
    "DEFAULT_THROTTLE_CLASSES": ["apitokens.throttles.TokenRateThrottle", "apitokens.throttles.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env("API_TOKEN_RATE", default="600/min"),
        "user": env("API_USER_RATE", default="1200/min"),
    },
}
# How long a new API token is valid unless the administrator sets another date.
API_TOKEN_DEFAULT_DAYS = env.int("API_TOKEN_DEFAULT_DAYS", default=365)
SPECTACULAR_SETTINGS = {
    "TITLE": "Zhuanqiao petition portal API",
    "VERSION": "0.1.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The API is for staff: its schema and docs too (anonymous visitors get 403).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SERVE_INCLUDE_SCHEMA": False,
    # OpenAPI 3.1: a field that may be null and names a component says so in a way validators read alike.
    "OAS_VERSION": "3.1.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Separate request and response shapes: read-only fields are not asked for, uploads are binary.
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set, wherever a field uses it.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "cases.models.Status",
        "ChannelEnum": "cases.models.Channel",
        "CounterChannelEnum": "cases.forms.intake.COUNTER_CHANNELS",
        "SatisfactionEnum": "cases.models.Satisfaction",
        "ReviewDecisionEnum": "cases.models.CaseReview.Decision",
        "ObjectionDecisionEnum": ["agree", "refuse"],
        "ExtensionDecisionEnum": ["approve", "refuse"],
    },
    "DESCRIPTION": (
        "The portal's API for staff and systems. Every permission and scoping rule of the pages holds. "
        "Authenticate with the browser's session (send the CSRF token) or a token issued in the admin "
        "(Authorization: Bearer KEY). Errors share one body: {status, code, message, errors}."
    ),
}

# Content Security Policy: everything is served from here (the town's network may be closed).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Security: safe by default whenever DEBUG is off; each knob can be turned from the environment. ---
# HTTPS_ONLY=false is the escape hatch for a plain-HTTP intranet: no redirect, no HSTS, no Secure cookies
# (check --deploy then warns, as it should). Tests run over plain HTTP, as the test client does.
HTTPS_ONLY = env.bool("HTTPS_ONLY", default=not (DEBUG or TESTING))
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS_ONLY)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if HTTPS_ONLY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# The browsers' preload list is a commitment for the whole public domain: an opt-in, never a default.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS += ["security.W021"]
# Behind a proxy that ends TLS, e.g. SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https; only if the
# proxy always sets (and overwrites) that header.
_proxy_ssl_header = env.list("SECURE_PROXY_SSL_HEADER", default=[])
if _proxy_ssl_header:
    if len(_proxy_ssl_header) != 2:
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER is a header and a value, e.g. HTTP_X_FORWARDED_PROTO,https."
        )
    SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header)
# How many reverse proxies in front of the portal append the client's address to X-Forwarded-For. 0 (the
# default): the header is ignored, the connection's address counts. Every per-address limit (login, tracking,
# the web form) and the read log take the address from core.addresses.client_ip, which reads this.
# TRUST_X_FORWARDED_FOR=true, the older switch, means one proxy.
TRUST_X_FORWARDED_FOR = env.bool("TRUST_X_FORWARDED_FOR", default=False)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if TRUST_X_FORWARDED_FOR else 0)
RATELIMIT_IP_META_KEY = "core.addresses.client_ip"
# The portal's own page for a refused form (core/errors.py; the other error pages are wired in urls.py).
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
AXES_CLIENT_IP_CALLABLE = "core.addresses.client_ip"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=HTTPS_ONLY)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Sessions: idle for SESSION_IDLE_MINUTES and the next page asks for the login again (a request renews the
# window, writing the session at most once a minute: grids.middleware.SessionIdleMiddleware); however busy,
# a login lasts SESSION_MAX_HOURS (grids.middleware.SessionLifetimeMiddleware); closing the browser ends it.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_MAX_HOURS = env.float("SESSION_MAX_HOURS", default=8.0)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False
# How often at most the idle window is renewed: a page read within it writes nothing, so the sessions table
# takes one UPDATE per person per SESSION_RENEW_SECONDS, not one per page.
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = env.bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
# Second factor (TOTP, django-otp) for these roles and every superuser, after the password. Tests turn it
# on where they test it; ./run.sh turns it off for the demo's shared logins; production keeps it on.
OTP_ENFORCED = env.bool("OTP_ENFORCED", default=not TESTING)
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=["town_leader", "administrator"])
OTP_TOTP_ISSUER = "Zhuanqiao"
X_FRAME_OPTIONS = "DENY"  # no page of the portal is ever framed, not even by itself
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}

PORTAL_NAME = _("Zhuanqiao Petition and Dispute Portal")

# The statutory clock (信访工作条例; the table is in DOMAIN.md), in days as the regulation counts them:
# the first day is not counted, and a limit whose last day is a rest day ends on the next working day
# (Civil Code arts. 201 and 203). CASE_CLOCK_SKIPS_REST_DAYS=false counts plain calendar days.
CASE_TRANSFER_DAYS = env.int("CASE_TRANSFER_DAYS", default=15)
CASE_ACCEPTANCE_NOTICE_DAYS = env.int("CASE_ACCEPTANCE_NOTICE_DAYS", default=15)
CASE_OBJECTION_WORKING_DAYS = env.int("CASE_OBJECTION_WORKING_DAYS", default=5)
CASE_REPLY_DAYS = env.int("CASE_REPLY_DAYS", default=60)
CASE_EXTENSION_MAX_DAYS = env.int("CASE_EXTENSION_MAX_DAYS", default=30)
CASE_REVIEW_REQUEST_DAYS = env.int("CASE_REVIEW_REQUEST_DAYS", default=30)
CASE_REVIEW_DECISION_DAYS = env.int("CASE_REVIEW_DECISION_DAYS", default=30)
CASE_REREVIEW_REQUEST_DAYS = env.int("CASE_REREVIEW_REQUEST_DAYS", default=30)
CASE_REREVIEW_DECISION_DAYS = env.int("CASE_REREVIEW_DECISION_DAYS", default=30)
CASE_CLOCK_SKIPS_REST_DAYS = env.bool("CASE_CLOCK_SKIPS_REST_DAYS", default=True)
# A due date this many days away or closer is "due soon" in the queues.
CASE_DUE_SOON_DAYS = env.int("CASE_DUE_SOON_DAYS", default=3)

# The town's working-day calendar (workcalendar): each process looks at most this often whether another
# process changed it, and reads it again at least this often whatever happened.
WORK_CALENDAR_RECHECK_SECONDS = env.float("WORK_CALENDAR_RECHECK_SECONDS", default=1.0)
WORK_CALENDAR_MAX_AGE_SECONDS = env.float("WORK_CALENDAR_MAX_AGE_SECONDS", default=600.0)
# The dashboard warns this many days before a year whose holiday notice has not been entered.
WORK_CALENDAR_WARN_DAYS_BEFORE = env.int("WORK_CALENDAR_WARN_DAYS_BEFORE", default=61)
# A calendar change recomputes the stored due dates on commit, and once more this many seconds later (a
# process that had not yet seen the change may have written a date with the old calendar meanwhile).
WORK_CALENDAR_RECOMPUTE_AGAIN_SECONDS = env.int("WORK_CALENDAR_RECOMPUTE_AGAIN_SECONDS", default=30)

# The town office dashboard's early warnings and rankings.
DASHBOARD_REPEAT_MIN_CASES = env.int("DASHBOARD_REPEAT_MIN_CASES", default=3)
DASHBOARD_REPEAT_WINDOW_DAYS = env.int("DASHBOARD_REPEAT_WINDOW_DAYS", default=90)
DASHBOARD_RISING_WINDOW_DAYS = env.int("DASHBOARD_RISING_WINDOW_DAYS", default=30)
DASHBOARD_RISING_MIN_CASES = env.int("DASHBOARD_RISING_MIN_CASES", default=3)
DASHBOARD_RISING_FACTOR = env.int("DASHBOARD_RISING_FACTOR", default=2)
DASHBOARD_RANK_MIN_CASES = env.int("DASHBOARD_RANK_MIN_CASES", default=5)
# How a rate is coloured (green "good", amber "watch", red "poor"): at or above GOOD is good, at or above FAIR
# is to watch. The repeat-petition rate is better the lower it is: at or below its GOOD, at or below its FAIR.
DASHBOARD_RATE_GOOD = env.float("DASHBOARD_RATE_GOOD", default=0.90)
DASHBOARD_RATE_FAIR = env.float("DASHBOARD_RATE_FAIR", default=0.75)
DASHBOARD_REPEAT_RATE_GOOD = env.float("DASHBOARD_REPEAT_RATE_GOOD", default=0.05)
DASHBOARD_REPEAT_RATE_FAIR = env.float("DASHBOARD_REPEAT_RATE_FAIR", default=0.15)
