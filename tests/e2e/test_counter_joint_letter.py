"""The counter in a real browser: a joint letter naming eight people, rows added with the keyboard."""

import pytest

from cases.models import Case, Channel

from .conftest import login, screenshot

pytestmark = pytest.mark.e2e


def test_reception_adds_people_and_registers_a_joint_letter(desktop, demo_town):
    page = desktop
    login(page, "reception")
    page.goto("/intake/new/")
    page.wait_for_selector("#counter-form")
    # A visit shows no rows for other people until it is a group visit or another channel.
    assert not page.is_visible("#people-fields")

    page.select_option("#id_channel", "letter")
    assert page.is_visible("#people-fields")
    page.fill("#id_p-0-name", "联名人0")
    for i in range(1, 5):
        page.fill(f"#id_p-{i}-name", f"联名人{i}")
    # Rows beyond the five drawn come from the button, worked from the keyboard: focus moves to the new name.
    for i in range(5, 8):
        page.focus("#add-person")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == f"id_p-{i}-name"
        page.keyboard.type(f"联名人{i}")
    assert page.input_value("#id_p-TOTAL_FORMS") == "8"
    page.fill("#id_what_happened", "八户村民联名来信，反映村道破损。")
    page.fill("#id_request", "请求修复村道。")
    screenshot(page, "counter-joint-letter-zh")

    # Switched back to a visit, eight people are more than it may send: no more rows, and it says why.
    page.select_option("#id_channel", "visit")
    assert page.is_disabled("#add-person")
    assert "走访最多派 5 名代表" in page.inner_text("#people-full")
    page.select_option("#id_channel", "letter")
    assert page.is_enabled("#add-person")

    page.click("button[type=submit].btn-primary")
    page.wait_for_selector("[data-testid=receipt]")
    case = Case.objects.latest("pk")
    assert case.channel == Channel.LETTER
    names = list(case.case_petitioners.order_by("position").values_list("petitioner__name", flat=True))
    assert names == [f"联名人{i}" for i in range(8)]


def test_a_visit_with_six_people_is_refused_in_english_keeping_them(desktop, demo_town):
    page = desktop
    login(page, "reception")
    page.click("button[name=language][value=en]")
    page.goto("/intake/new/")
    page.wait_for_selector("#counter-form")
    before = Case.objects.count()

    page.select_option("#id_channel", "letter")
    for i in range(5):
        page.fill(f"#id_p-{i}-name", f"Person {i}")
    page.click("#add-person")
    page.keyboard.type("Person 5")
    page.select_option("#id_channel", "visit")
    page.check("#id_is_group_visit")
    page.fill("#id_headcount", "20")
    page.fill("#id_what_happened", "Six villagers came about the road.")
    page.fill("#id_request", "Repair the road.")
    page.click("button[type=submit].btn-primary")
    page.wait_for_selector("[data-testid=form-errors]")

    assert Case.objects.count() == before
    assert "A visit sends at most 5 representatives; you named 6" in page.inner_text("[data-testid=form-errors]")
    assert page.input_value("#id_p-5-name") == "Person 5"
    screenshot(page, "counter-visit-six-en")
    page.click("button[name=language][value=zh-hans]")
