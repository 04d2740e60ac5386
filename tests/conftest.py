"""Shared fixtures: fast password hashing, a clean cache per test, a small town."""

import pytest
from django.core.cache import cache

from grids.models import Role
from workcalendar.models import CalendarDay, HolidayNotice
from workcalendar.seeding import seed_from_package

from .factories import CommunityFactory, DepartmentFactory, GridFactory, PlatformFactory, all_tiers, make_staff


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # PBKDF2 at production strength costs seconds per test; the hasher is not what is tested.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    # Tests log staff in with force_login; the second factor is tested where it is switched back on
    # (tests/grids/test_second_factor.py).
    settings.OTP_ENFORCED = False


@pytest.fixture(autouse=True)
def _session_renewed_once(settings):
    # A query-count test compares two requests that may lie more than a minute apart on a busy machine;
    # the once-a-minute renewal would add its UPDATE to one of them. tests/security/test_session_idle.py
    # puts the minute back.
    settings.SESSION_RENEW_SECONDS = 24 * 3600


@pytest.fixture(autouse=True)
def _clean_cache():
    # Rate limits and lockouts live in the cache (Redis in CI): no test inherits another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _calendar_read_afresh():
    # The work calendar is kept in memory per process; a test's calendar rows leave with its transaction.
    from workcalendar.source import town_calendar

    town_calendar.forget()
    yield
    town_calendar.forget()


@pytest.fixture(autouse=True)
def _tasks_in_process():
    # With REDIS_URL set (CI) Celery would publish to Redis with no worker listening; tests run
    # tasks in-process unless they start a real worker themselves (tests/cases/notifications).
    from zhuanqiao.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


def _use_broker(app, url: str, eager: bool) -> tuple:
    saved = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url, app.conf.task_always_eager = url, eager
    # Celery keeps its connection pools; drop them so the next publish uses the new broker.
    app._pool = None
    app.amqp._producer_pool = None
    return saved


@pytest.fixture
def broker_down():
    """The broker is unreachable: nothing listens on this port. Publishing fails fast."""
    from zhuanqiao.celery import app

    saved = _use_broker(app, "redis://127.0.0.1:1/0", eager=False)
    yield
    _use_broker(app, *saved)


@pytest.fixture
def work_calendar(db):
    """The notices for 2025 and 2026 in the town's calendar, as the migration loads them from chinesecalendar."""
    seed_from_package(HolidayNotice, CalendarDay, years=[2025, 2026])


@pytest.fixture
def town(db):
    """A tiny town: two communities, building grids, two departments and the hall.

    Its calendar holds the notices for 2025 and 2026 (the migration loads them; a test that flushed the
    database, a browser test, took them away, so they are loaded again if missing).
    """
    seed_from_package(HolidayNotice, CalendarDay, years=[2025, 2026])
    tiers = all_tiers()
    community_a = CommunityFactory(code="yinyi", name="银一居委")
    community_b = CommunityFactory(code="beiqiao", name="北桥居委")
    return {
        "tiers": tiers,
        "community_a": community_a,
        "community_b": community_b,
        "grid_a": GridFactory(community=community_a, tier=tiers["building"]),
        "grid_b": GridFactory(community=community_b, tier=tiers["building"]),
        "dept_a": DepartmentFactory(code="enforcement", name="城管执法中队"),
        "dept_b": DepartmentFactory(code="housing", name="房管办"),
        "hall": PlatformFactory(),
    }


@pytest.fixture
def reception(town):
    return make_staff(Role.RECEPTION, username="reception", platform=town["hall"])
