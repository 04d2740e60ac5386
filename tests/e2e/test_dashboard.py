"""The town dashboard in a real browser: the leader's morning look in Chinese and in English, a department head's."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from cases.models import Channel

from .conftest import login, screenshot

pytestmark = pytest.mark.e2e


def _t(text: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def _drawn(page) -> None:
    """Every chart on the page has drawn its first frame (dashboard.js marks it)."""
    page.wait_for_function(
        "() => { const c = [...document.querySelectorAll('.chart')];"
        " return c.length > 0 && c.every(e => e.dataset.rendered === 'true' && e.querySelector('canvas')); }"
    )


def _open_dashboard(page, query: str = "") -> list[str]:
    """Go to the dashboard and return what the page complained about in the console."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda m: (
            problems.append(m.text) if m.type == "error" and ("echarts" in m.text or "dashboard" in m.text) else None
        ),
    )
    page.goto(f"/dashboard/{query}")
    _drawn(page)
    return problems


def test_the_town_leader_reads_the_dashboard_in_chinese_and_in_english(desktop, demo_town):
    page = desktop
    login(page, "leader")
    page.click("[data-testid=nav-dashboard]")
    page.wait_for_url("**/dashboard/")
    problems = _open_dashboard(page, "?period=year")

    assert page.inner_text("h1") == _t("Town dashboard", "zh-hans")
    assert page.inner_text("[data-testid=dashboard-scope]").strip() == _t("Whole town", "zh-hans")
    for key in ("response", "resolution", "satisfaction", "timely_acceptance", "on_time_completion"):
        assert re.fullmatch(r"\d+\.\d%", page.inner_text(f"[data-testid=rate-{key}-value]")), key
    received = int(page.inner_text("[data-testid=intake-total]").replace(",", ""))
    assert received > 100
    assert page.inner_text("[data-testid=rate-repeat-value]") != "0.0%"  # the demo's regulars came back
    # The charts say the same as their tables, in Chinese: the channel chart's first label is a channel's name.
    assert page.locator("[data-testid=channel-table] tbody tr").count() == len(Channel.choices)
    assert page.locator("#chart-trend canvas").count() == 1
    screenshot(page, "dashboard-zh")

    # The definition of a rate opens next to it.
    page.click("[data-testid=rate-response] .rate-help")
    page.wait_for_selector(".popover")
    assert _t("Response rate", "zh-hans") in page.inner_text(".popover")

    # A number opens the queue with exactly that many cases.
    page.click("[data-testid=intake-total]")
    page.wait_for_url("**/cases/?*")
    # The total arrives a moment after the list (the queue's counts): wait for it.
    expect(page.locator("[data-testid=queue-total]")).to_have_text(re.compile(rf"^\s*{received}\b"))
    # The queue says what the dashboard narrowed it by; dropping one widens the list.
    assert page.locator("[data-testid=chip-received_from]").is_visible()
    screenshot(page, "dashboard-queue-zh")
    page.click("[data-testid=chip-received_from] a")
    page.wait_for_load_state()
    assert page.locator("[data-testid=chip-received_from]").count() == 0
    assert page.locator("[data-testid=chip-received_to]").is_visible()
    page.go_back()
    page.go_back()
    _drawn(page)

    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    _drawn(page)
    assert page.inner_text("h1") == "Town dashboard"
    assert "Response rate" in page.inner_text("[data-testid=rate-response]")
    page.click("text=How we count")
    screenshot(page, "dashboard-en")
    assert problems == []


def test_a_department_head_sees_their_department_only(desktop, demo_town):
    page = desktop
    login(page, "head")
    _open_dashboard(page, "?period=year&department=1")

    scope = page.inner_text("[data-testid=dashboard-scope]").strip()
    assert scope == "城管执法中队"
    assert page.inner_text("h1") == _t("Department dashboard", "zh-hans")
    assert page.locator("[data-testid=dashboard-problems]").count() == 0
    assert page.locator("#f-department").is_disabled()
    ranked = page.locator("[data-testid=department-ranking] tbody tr")
    assert ranked.count() == 1 and "城管执法中队" in ranked.first.inner_text()
    screenshot(page, "dashboard-head-zh")


def test_bad_dates_get_a_message_and_this_month(desktop, demo_town):
    page = desktop
    login(page, "petition")
    _open_dashboard(page, "?period=custom&from=2026-06-30&to=2026-01-01")

    assert page.locator("[data-testid=dashboard-problems]").is_visible()
    assert page.inner_text("[data-testid=dashboard-problems]") == _t(
        "The first day comes after the last day. Showing the last 30 days instead.", "zh-hans"
    )
