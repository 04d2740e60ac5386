"""Reminders in a real browser: the sweep runs, the officer's bell counts them, the list reads well."""

import pytest

from cases.reminders.sweep import reminders_sweep

from .conftest import login, screenshot

pytestmark = pytest.mark.e2e


def test_an_officer_finds_todays_reminders_under_the_bell(desktop, demo_town):
    result = reminders_sweep()
    assert result.reminders > 0
    page = desktop
    login(page, "officer")
    page.wait_for_selector("[data-testid=bell-count]")
    count = int(page.inner_text("[data-testid=bell-count]"))
    assert count > 0
    page.click("a[href='/notifications/']")
    page.wait_for_selector("[data-testid=notifications]")
    items = page.locator("[data-testid=notifications] li")
    assert items.count() == min(count, 30)
    assert "到期" in page.inner_text("main") or "超期" in page.inner_text("main")
    screenshot(page, "notifications-zh")

    page.click("main button[type=submit]")  # mark all as read
    page.wait_for_load_state()
    assert page.locator("[data-testid=bell-count]").count() == 0

    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert "Notifications" in page.inner_text("h1")
    screenshot(page, "notifications-en")


def test_the_counter_reads_in_english(desktop, demo_town):
    page = desktop
    login(page, "reception")
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    page.goto("/intake/new/")
    assert "Log a visit, letter or call" in page.inner_text("h1")
    screenshot(page, "counter-en")
