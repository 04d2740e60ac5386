"""The counter in a real browser: a returning visitor's earlier case fills the form, searchable selects by keyboard
(pinyin initials), a 12345 hand-over with its work-order number; the QR form of a community; Chinese and English."""

import pytest

from cases.models import Case, Channel
from cases.services import PetitionerData
from grids.models import Community, Platform

from ..factories import make_case
from .conftest import login, screenshot

pytestmark = pytest.mark.e2e


def _csp_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_a_returning_visitor_a_hotline_hand_over_and_searchable_selects(desktop, demo_town, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = desktop
    errors = _csp_errors(page)
    earlier = Case.objects.select_related("community", "subject").get(submission_key="demo-article-pigeon")
    login(page, "reception")
    page.goto("/intake/new/")
    page.wait_for_selector("#counter-form .ts-wrapper")  # Tom Select took over the selects

    # The earlier case is closed: "a new matter" stays chosen until the clerk picks the earlier one.
    page.keyboard.type("钱建国")
    page.keyboard.press("Tab")
    page.keyboard.type("13901230001")
    page.wait_for_selector("[data-testid=earlier-cases]")
    assert page.is_checked("#repeat-none")
    page.check(f"#repeat-{earlier.pk}")
    assert page.input_value("#id_what_happened") == earlier.what_happened
    assert page.input_value("#id_request") == earlier.request
    assert page.input_value("#id_address") == earlier.address
    assert page.input_value("#id_community") == str(earlier.community_id)
    assert page.input_value("#id_subject") == str(earlier.subject_id or "")
    screenshot(page, "counter-repeat-filled-zh")
    # Back to "a new matter": what was filled goes again.
    page.check("#repeat-none")
    assert page.input_value("#id_what_happened") == ""
    page.check(f"#repeat-{earlier.pk}")

    # The community by keyboard: pinyin initials, Enter.
    beiqiao = Community.objects.get(name="北桥居委")
    page.focus("#id_community-ts-control")
    page.keyboard.type("bqjw")
    # Wait for the search to narrow the list: before it does, the active option is the one already chosen.
    page.wait_for_selector("#id_community-ts-dropdown .option.active:has-text('北桥居委')")
    screenshot(page, "counter-community-pinyin-zh")
    page.keyboard.press("Enter")
    assert page.input_value("#id_community") == str(beiqiao.pk)

    # A 12345 hand-over: the number field appears with the channel.
    assert not page.is_visible("#id_handover_number")
    page.select_option("#id_channel", Channel.HOTLINE)
    page.fill("#id_handover_number", "2026120200123")
    page.click("button[type=submit].btn-primary")
    page.wait_for_selector("[data-testid=receipt]")
    case = Case.objects.latest("pk")
    assert (case.channel, case.handover_number, case.repeat_of_id, case.community_id) == (
        Channel.HOTLINE,
        "2026120200123",
        earlier.pk,
        beiqiao.pk,
    )
    assert "2026120200123" in page.inner_text("[data-testid=handover-number]")
    screenshot(page, "counter-hotline-receipt-zh")

    # A visitor whose earlier matter is still open: "the same matter" is chosen, the form filled.
    still_open = make_case(
        petitioners=[PetitionerData(name="孙小梅", phone="13901239999")],
        what_happened="小区门口共享单车堆放堵塞通道",
        request="请清理并规划停放区",
        address="银都路200弄门口",
    )
    page.goto("/intake/new/")
    page.wait_for_selector("#counter-form .ts-wrapper")
    page.keyboard.type("孙小梅")
    page.keyboard.press("Tab")
    page.keyboard.type("13901239999")
    page.wait_for_selector(f"#repeat-{still_open.pk}:checked")
    page.wait_for_function("() => document.getElementById('id_what_happened').value.length > 0")
    assert page.input_value("#id_what_happened") == "小区门口共享单车堆放堵塞通道"
    screenshot(page, "counter-open-case-default-zh")

    # The same pages in English.
    page.click("button[name=language][value=en]")
    page.goto("/intake/new/")
    page.wait_for_selector("#counter-form .ts-wrapper")
    page.keyboard.type("Qian Jianguo")
    page.keyboard.press("Tab")
    page.keyboard.type("13901239999")
    page.wait_for_selector(f"#repeat-{still_open.pk}:checked")
    page.select_option("#id_channel", Channel.HIGHER_LEVEL)
    screenshot(page, "counter-open-case-default-en")
    page.goto("/intake/today/")
    screenshot(page, "today-en")
    page.click("button[name=language][value=zh-hans]")
    page.goto("/intake/today/")
    assert "钱建国" in page.inner_text("main")
    screenshot(page, "today-zh")
    assert not [e for e in errors if "Content Security Policy" in e or "TomSelect" in e], errors


def test_the_queue_filters_and_routing_search_by_pinyin(desktop, demo_town):
    page = desktop
    errors = _csp_errors(page)
    login(page, "petition")
    page.goto("/cases/?status=all")
    page.wait_for_selector(".queue-filters .ts-wrapper")
    page.focus("#f-community-ts-control")
    page.keyboard.type("yyjw")
    page.wait_for_selector("#f-community-ts-dropdown .option.active:has-text('银一居委')")
    screenshot(page, "queue-community-pinyin-zh")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    yinyi = Community.objects.get(name="银一居委")
    assert f"community={yinyi.pk}" in page.url
    screenshot(page, "queue-filtered-zh")
    page.click("button[name=language][value=en]")
    page.wait_for_selector(".queue-filters .ts-wrapper")
    screenshot(page, "queue-filtered-en")

    # Routing: the lead department by its initials.
    page.click("button[name=language][value=zh-hans]")
    waiting = Case.objects.filter(status="registered").exclude(category="misconduct").order_by("pk").first()
    page.goto(f"/cases/{waiting.pk}/")
    page.wait_for_selector("#id_route-lead_department-ts-control", state="attached")
    route = page.locator("#id_route-lead_department-ts-control")
    route.scroll_into_view_if_needed()
    if route.is_visible():
        route.focus()
        page.keyboard.type("sfs")  # 司法所
        page.wait_for_selector("#id_route-lead_department-ts-dropdown .option.active:has-text('司法所')")
        screenshot(page, "route-department-pinyin-zh")
        page.keyboard.press("Enter")
        assert "司法所" in page.locator("#id_route-lead_department option:checked").inner_text()
    assert not [e for e in errors if "Content Security Policy" in e], errors


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_communitys_qr_form_on_a_phone_starts_with_that_community(phone, demo_town, language):
    page = phone
    platform = Platform.objects.filter(kind=Platform.Kind.COMMUNITY, is_active=True).select_related("community")[0]
    page.goto(f"/s/{platform.code}/")
    if language == "en":
        switch = page.locator("button[name=language][value=en]")
        if switch.count() and switch.first.is_visible():
            switch.first.click()
        else:
            page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])
            page.reload()
    assert ("Tell us your problem" in page.inner_text("h1")) == (language == "en")
    assert page.input_value("#id_community") == str(platform.community_id)
    screenshot(page, f"web-form-community-{language}")
