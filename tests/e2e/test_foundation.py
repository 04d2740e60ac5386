"""The staff journey of the foundation: log in, see the role home, switch language."""

import pytest

from .conftest import login, screenshot

pytestmark = pytest.mark.e2e


def test_petition_office_logs_in_and_sees_the_town_in_chinese_then_english(desktop, demo_town):
    page = desktop
    page.goto("/")
    assert "工作人员登录" in page.content()
    screenshot(page, "login-zh")

    login(page, "petition")
    page.wait_for_selector("[data-testid=count-open]")
    assert "欢迎" in page.inner_text("h1")
    assert "镇信访办" in page.inner_text("main")
    assert int(page.inner_text("[data-testid=count-open]")) > 0
    screenshot(page, "home-petition-zh")

    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert "Welcome" in page.inner_text("h1")
    assert "Petition office" in page.inner_text("main")
    screenshot(page, "home-petition-en")


def test_a_grid_worker_on_a_phone_sees_a_usable_home(phone, demo_town):
    page = phone
    login(page, "grid")
    page.wait_for_selector("[data-testid=count-open]")
    assert "网格员" in page.inner_text("main")
    # The layout fits the screen: nothing wider than the viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "home-grid-phone")
