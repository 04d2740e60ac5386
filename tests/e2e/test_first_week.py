"""What an office meets in its first week, in a real browser: a web case's printed receipt, a routed case in
the officer's bell without any sweep, a whole phone number typed into tracking, the live text count, and the
portal's own error pages. Screenshots in Chinese and English."""

import pytest
from django.contrib.auth import get_user_model

from cases import services
from cases.models import Case, Channel, Status
from grids.models import Department

from .conftest import login, screenshot

pytestmark = pytest.mark.e2e


def shot(page, name: str) -> None:
    screenshot(page, name)


def english(page) -> None:
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():  # on a phone the language buttons sit in the folded menu
        toggler.click()
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()


def _submit_on_the_phone(page, what: str = "小区门口路灯坏了一个多月，晚上很黑。") -> str:
    page.goto("/s/c01/")  # typed in lower case from the poster: the same platform
    page.fill("#id_what_happened", what)
    page.fill("#id_request", "请尽快修好路灯。")
    page.fill("#id_phone", "13955556666")
    page.fill("#id_name", "陈女士")
    page.check("#id_consent")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=tracking-code]")
    return page.inner_text("[data-testid=tracking-code]").strip()


def test_a_web_cases_receipt_prints_from_todays_intake(desktop, phone, demo_town, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    code = _submit_on_the_phone(phone)
    case = Case.objects.get(tracking_code=code)
    assert case.channel == Channel.WEB and case.received_by is None

    page = desktop
    login(page, "reception")
    page.goto(f"/intake/today/?platform={case.platform.code}")
    page.click(f"a[href='/intake/{case.pk}/receipt/']")
    page.wait_for_selector("[data-testid=receipt]")
    receipt = page.inner_text("[data-testid=receipt]")
    assert code in receipt
    assert "信访解忧码" in page.inner_text("[data-testid=received-through]")
    assert settings.OFFICE_PHONE in receipt and "盖章" in receipt
    assert "127.0.0.1:8000" not in receipt or settings.SITE_URL
    shot(page, "week-a-web-receipt-zh")
    page.emulate_media(media="print")
    shot(page, "week-a-web-receipt-print-zh")
    page.emulate_media(media="screen")
    english(page)
    assert "web form" in page.inner_text("[data-testid=received-through]")
    page.emulate_media(media="print")
    shot(page, "week-a-web-receipt-print-en")


def test_an_officer_sees_a_routed_case_in_the_bell_without_any_sweep(desktop, demo_town):
    users = get_user_model().objects
    office, officer = users.get(username="petition"), users.get(username="officer")
    case = Case.objects.filter(status=Status.REGISTERED, category="relief").order_by("pk").first()
    department = officer.staff.department
    assert isinstance(department, Department)
    services.case_route(case=case, by=office, lead_department=department, tier=case.tier)

    page = desktop
    login(page, "officer")
    page.wait_for_selector("[data-testid=bell-count]")
    page.click("a[href='/notifications/']")
    page.wait_for_selector("[data-testid=notifications]")
    listed = page.inner_text("[data-testid=notifications]")
    assert f"{case.tracking_code} 已交办给您" in listed
    shot(page, "week-a-bell-routed-zh")
    english(page)
    assert f"{case.tracking_code} was routed to you" in page.inner_text("[data-testid=notifications]")
    shot(page, "week-a-bell-routed-en")


def test_tracking_takes_a_whole_phone_number_and_a_bookmark(phone, demo_town, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    code = _submit_on_the_phone(phone)
    fresh = phone.context.browser.new_context(
        base_url=phone.context.pages[0].url.split("/s/")[0], locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    page = fresh.new_page()
    page.goto(f"/track/{code}/")  # a bookmark, opened in a new session
    assert page.input_value("#id_code") == code
    page.fill("#id_check", "12a4")
    page.click("main button[type=submit]")
    assert "只能填写数字" in page.inner_text("main")
    shot(page, "week-a-track-plain-words-zh")
    page.fill("#id_check", "139 5555 6666")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=status-text]")
    fresh.close()


def test_the_web_form_counts_characters_live_and_cuts_nothing(phone, demo_town):
    page = phone
    page.goto("/s/C01/")
    counter = page.locator("#id_what_happened_count")
    assert "最多 2000 字" in counter.inner_text()
    page.fill("#id_what_happened", "漏水" * 1001)  # as a paste would: 2002 characters at once
    assert page.input_value("#id_what_happened") == "漏水" * 1001  # the browser cut nothing
    assert "超出 2 个字" in counter.inner_text()
    shot(page, "week-a-text-limit-zh")
    page.fill("#id_request", "请修")
    page.fill("#id_phone", "13955556666")
    page.check("#id_consent")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=form-errors]")
    assert page.input_value("#id_what_happened") == "漏水" * 1001
    assert "最多只能 2000 个字" in page.inner_text("main")
    shot(page, "week-a-text-limit-refused-zh")
    english(page)
    page.fill("#id_what_happened", "leak " * 401)
    assert "5 characters too many" in page.locator("#id_what_happened_count").inner_text()
    shot(page, "week-a-text-limit-en")


def test_error_pages_in_the_readers_language(desktop, demo_town):
    page = desktop
    response = page.goto("/no/such/page/")
    assert response.status == 404
    assert "页面不存在" in page.inner_text("h1")
    shot(page, "week-a-404-zh")
    response = page.goto("/dashboard/")  # a visitor is sent to sign in; a grid worker is refused
    login(page, "grid")
    response = page.goto("/dashboard/")
    assert response.status == 403
    assert "您无权打开此页面" in page.inner_text("h1")
    shot(page, "week-a-403-zh")
    page.goto("/")
    english(page)
    response = page.goto("/dashboard/")
    assert "You may not open this page" in page.inner_text("h1")
    shot(page, "week-a-403-en")
    response = page.goto("/no/such/page/")
    assert "Page not found" in page.inner_text("h1")
    shot(page, "week-a-404-en")
