"""Intake journeys in a real browser: the reception counter, and a resident on a phone."""

import re

import pytest

from cases.models import Case, Channel

from .conftest import login, screenshot

pytestmark = pytest.mark.e2e

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_reception_logs_a_repeat_visitor_and_prints_the_receipt(desktop, demo_town, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = desktop
    earlier = Case.objects.get(submission_key="demo-article-pigeon")
    login(page, "reception")
    page.click("nav a[href='/intake/new/']")
    page.wait_for_selector("#counter-form")

    # Keyboard only: the name field has the focus, Tab moves on, the lookup answers as we type.
    page.keyboard.type("钱建国")
    page.keyboard.press("Tab")
    page.keyboard.type("13901230001")
    page.wait_for_selector("[data-testid=earlier-cases]")
    assert earlier.tracking_code in page.inner_text("[data-testid=earlier-cases]")
    screenshot(page, "counter-lookup")
    page.check(f"#repeat-{earlier.pk}")
    page.focus("#id_what_happened")
    page.keyboard.type("鸽棚拆除后又在原处搭建，邻居再次反映。")
    page.keyboard.press("Tab")
    page.keyboard.type("请求彻底拆除鸽棚。")
    page.keyboard.press("Alt+s")
    if "/receipt/" not in page.url:
        page.click("button[type=submit].btn-primary")
    page.wait_for_selector("[data-testid=receipt]")

    case = Case.objects.exclude(pk=earlier.pk).latest("pk")
    assert case.repeat_of == earlier
    assert case.visit_kind == Case.VisitKind.REPEAT
    assert case.channel == Channel.VISIT
    assert page.inner_text("[data-testid=tracking-code]") == case.tracking_code
    receipt = page.inner_text("[data-testid=receipt]")
    assert "15" in receipt and "/track/" in receipt
    screenshot(page, "counter-receipt")
    page.emulate_media(media="print")
    screenshot(page, "counter-receipt-print")

    page.emulate_media(media="screen")
    page.goto("/intake/today/")
    assert case.tracking_code in page.inner_text("main")
    screenshot(page, "counter-today")


def test_a_resident_on_a_phone_submits_with_a_photo_and_tracks_the_case(phone, demo_town, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = phone
    page.goto("/s/C01/")
    assert "信访解忧码" in page.title() or "告诉我们" in page.inner_text("h1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "web-form-phone")

    page.fill("#id_what_happened", "小区门口路灯坏了一个多月，晚上很黑。")
    page.fill("#id_request", "请尽快修好路灯。")
    page.select_option("#id_community", label="银一居委")
    page.fill("#id_address", "银都路100弄")
    page.fill("#id_phone", "13955556666")
    page.fill("#id_name", "陈女士")
    page.set_input_files("#id_attachments", files=[{"name": "light.png", "mimeType": "image/png", "buffer": PNG}])
    page.check("#id_consent")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=tracking-code]")
    code = page.inner_text("[data-testid=tracking-code]").strip()
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code)
    case = Case.objects.get(tracking_code=code)
    assert case.channel == Channel.WEB and case.platform.code == "C01"
    assert case.attachments.count() == 1
    screenshot(page, "web-done-phone")

    page.click("main a[href^='/track/']")
    page.fill("#id_code", code.lower())
    page.fill("#id_check", "6666")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=status-text]")
    assert "已登记" in page.inner_text("[data-testid=status-text]")
    assert "陈女士" not in page.content()
    screenshot(page, "track-phone")


def test_a_mistake_on_the_phone_form_keeps_what_was_typed(phone, demo_town):
    page = phone
    page.goto("/s/C02/")
    page.fill("#id_what_happened", "楼下饭店油烟很大")
    page.fill("#id_phone", "12345")
    page.click("main button[type=submit]")
    page.wait_for_selector("[data-testid=form-errors]")
    assert page.input_value("#id_what_happened") == "楼下饭店油烟很大"
    assert "11位手机号" in page.inner_text("main")
    screenshot(page, "web-form-errors-phone")
