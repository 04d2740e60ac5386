"""Prevention close to home in a real browser: a grid worker's visit opens a case, a risk raised to high warns
the dashboard, a meeting on that case assigns an action that rings its owner's bell, and the community's
public page reads on a phone in Chinese and English. Screenshots go to /work/shots/prevention/."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.models import Case, Channel
from grids.models import Community
from prevention.models import MeetingKind, RiskItem

from .conftest import login

pytestmark = pytest.mark.e2e

SHOTS = Path("/work/shots/prevention")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _switch_user(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)
    page.wait_for_load_state()


def test_a_visit_becomes_a_case_a_high_risk_warns_and_a_meeting_action_rings_the_owners_bell(
    desktop, phone, demo_town, live_server
):
    page = desktop
    today = timezone.localdate().isoformat()

    # A grid worker records a visit and opens a case from it.
    login(page, "grid")
    page.goto("/prevention/visits/new/")
    page.fill("#id_visited_on", today)
    assert page.input_value("#id_community") == str(Community.objects.get(code="yinyi").pk)
    page.fill("#id_address", "银都路一村5号楼")
    page.fill("#id_resident_name", "钱阿婆")
    page.fill("#id_resident_phone", "13911112222")
    page.select_option("#id_reason", "vulnerable")
    page.fill("#id_asked", "楼上空调外机滴水")
    with page.expect_navigation():
        page.click("[data-testid=save]")
    shot(page, "visit-saved-zh")
    page.wait_for_selector("[data-testid=open-case]")
    page.fill("#id_open-what_happened", "楼上空调外机冷凝水滴到钱阿婆家窗台")
    page.fill("#id_open-request", "请楼上住户加装接水管")
    shot(page, "visit-zh")
    with page.expect_navigation():
        page.click("button[name=open]")
    code = page.inner_text("[data-testid=visit-case]").strip()
    case = Case.objects.get(tracking_code=code)
    assert case.channel == Channel.PATROL

    # A screening item raised to high shows on the dashboard's early warnings.
    page.goto("/prevention/risks/new/")
    page.fill("#id_title", "空调外机滴水引发邻里争执")
    page.fill("#id_description", "两户多次争吵")
    page.select_option("#id_kind", "dispute")
    page.select_option("#id_level", "medium")
    page.select_option("#id_follower", str(get_user_model().objects.get(username="grid").pk))
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=review-form]")
    page.fill("#id_review-note", "双方情绪激动，升为高风险")
    page.select_option("#id_review-level", "high")
    page.fill("#id_review-next_review_on", today)
    with page.expect_navigation():
        page.click("button[name=review]")
    assert RiskItem.objects.get(title="空调外机滴水引发邻里争执").level == "high"

    _switch_user(page, "petition")
    page.goto("/dashboard/")
    warnings = page.locator("[data-testid=risk-warnings]")
    warnings.scroll_into_view_if_needed()
    high = RiskItem.objects.filter(level="high", status="open").count()
    assert f"{high}" in warnings.inner_text()
    shot(page, "dashboard-warnings-zh")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("[data-testid=risk-warnings]").locator(
        "xpath=ancestor::div[contains(@class,'card-body')][1]"
    ).screenshot(path=str(SHOTS / "dashboard-warnings-card-zh.png"))
    with page.expect_navigation():
        warnings.locator("a").nth(1).click()
    assert "空调外机滴水引发邻里争执" in page.inner_text("[data-testid=risks]")

    # A meeting with that case on its agenda records a decision whose owner's bell shows it.
    _switch_user(page, "community")
    page.goto("/prevention/meetings/new/")
    page.select_option("#id_kind", str(MeetingKind.objects.get(code="four_in_one").pk))
    page.fill("#id_title", "空调滴水问题协调会")
    page.fill("#id_starts_at", f"{today}T09:30")
    page.fill("#id_place", "银一居委会议室")
    page.click("[data-testid=save]")
    page.wait_for_selector("[data-testid=agenda-form]")
    page.fill("#id_agenda-tracking_code", code)
    with page.expect_navigation():
        page.click("button[name=agenda]")
    assert code in page.inner_text("[data-testid=agenda]")
    page.fill("#id_action-text", "上门督促楼上住户加装接水管")
    page.select_option("#id_action-owner", str(get_user_model().objects.get(username="grid").pk))
    page.fill("#id_action-due_on", today)
    with page.expect_navigation():
        page.click("button[name=action]")
    assert "上门督促楼上住户加装接水管" in page.inner_text("[data-testid=actions]")
    shot(page, "meeting-zh")

    _switch_user(page, "grid")
    assert int(page.inner_text("[data-testid=bell-count]")) >= 1
    page.goto("/notifications/")
    assert "上门督促楼上住户加装接水管" in page.inner_text("[data-testid=notifications]")
    shot(page, "bell-zh")
    page.goto(f"/cases/{case.pk}/")
    assert "空调滴水问题协调会" in page.inner_text("[data-testid=case-meetings]")

    # The community's public page on a phone, in Chinese and in English.
    phone.goto("/community/yinyi/")
    assert "三公约" in phone.inner_text("[data-testid=rules]")
    assert phone.locator("[data-testid=qr] svg").count() == 1
    shot(phone, "community-phone-zh")
    phone.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    phone.goto("/community/yinyi/")
    assert "Three conventions" in phone.inner_text("[data-testid=rules]")
    assert "Conventions and rules" in phone.inner_text("main")
    shot(phone, "community-phone-en")
