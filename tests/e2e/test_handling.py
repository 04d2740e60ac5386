"""Handling in the browser: an officer's case from registration to closure, a conflict, and a phone."""

import pytest
from django.contrib.auth import get_user_model

from cases.models import Case, Channel, ExtensionStatus, Satisfaction, Status, Subject
from cases.services import PetitionerData, case_register, case_route
from grids.models import Department, Grid, GridTier, Platform

from .conftest import login, screenshot

pytestmark = pytest.mark.e2e


def _as(page, username: str) -> None:
    page.context.clear_cookies()
    login(page, username)
    page.wait_for_selector("[data-testid=count-open]")


def _open_case(page, case: Case) -> None:
    page.goto(f"/cases/{case.pk}/")
    page.wait_for_selector("[data-testid=case-code]")


def _act(page, action: str, **fields) -> None:
    """Open the action's panel if it is folded, fill it in, send it, and wait for the page that follows."""
    form = page.locator(f"[data-testid=form-{action}]")
    if not form.is_visible():
        page.click(f"[data-testid=open-{action}]")
        form.wait_for(state="visible")
    for name, value in fields.items():
        field = form.locator(f"[name={action}-{name}]")
        kind = field.first.get_attribute("type")
        if kind == "radio":
            form.locator(f"[name={action}-{name}][value={value}]").check()
        elif field.first.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(str(value))
    with page.expect_navigation():
        page.click(f"[data-testid=submit-{action}]")


def _status(page) -> str:
    return page.inner_text("[data-testid=case-status]")


def _register() -> Case:
    reception = get_user_model().objects.get(username="reception")
    return case_register(
        by=reception,
        channel=Channel.VISIT,
        platform=Platform.objects.get(code="HALL"),
        what_happened="银一居委一户居民在水泵房顶搭建鸽棚，粪便和羽毛影响邻居生活，多次劝说不拆。",
        request="请求拆除违法鸽棚。",
        petitioners=[PetitionerData(name="钱建国", sex="male", phone="13901239999", id_number="31011219600101123X")],
        subject=Subject.objects.get(code="illegal-construction"),
        grid=Grid.objects.get(code="yinyi-1"),
    )


def test_an_officer_takes_a_case_from_registration_to_closure(desktop, demo_town):
    page = desktop
    case = _register()
    users = get_user_model().objects
    grid_worker, mediator = users.get(username="grid"), users.get(username="mediator")

    # The petition office finds it in the inbox and routes it: the subject suggests the lead department.
    _as(page, "petition")
    page.click("[data-testid=nav-inbox]")
    page.wait_for_selector("[data-testid=inbox-table]")
    assert case.tracking_code in page.inner_text("[data-testid=inbox-table]")
    screenshot(page, "handling-inbox-zh")
    page.click(f"text={case.tracking_code}")
    assert page.locator("[name=route-lead_department] option:checked").inner_text() == "城管执法中队"
    _act(page, "route", people=[str(grid_worker.pk), str(mediator.pk)], note="请网格员、调解员先行上门劝导")
    assert _status(page) == "已交办"

    # The officer finds it in the queue, signs for it and asks for more time.
    _as(page, "officer")
    page.click("[data-testid=nav-queue]")
    page.wait_for_selector("[data-testid=queue-table]")
    screenshot(page, "handling-queue-zh")
    page.click(f"text={case.tracking_code}")
    _act(page, "sign")
    assert _status(page) == "办理中"
    _act(page, "ask_extension", days=30, reason="需等待镇级联合执法排期")
    assert "需等待镇级联合执法排期" in page.inner_text("[data-testid=clock]")

    # The head approves the extension.
    _as(page, "head")
    _open_case(page, case)
    _act(page, "decide_extension", decision="approve")
    assert Case.objects.get(pk=case.pk).extension_status == ExtensionStatus.GRANTED

    # The grid worker cannot settle it in the building: up to the community, then the officer takes it to the town.
    _as(page, "grid")
    _open_case(page, case)
    community = GridTier.objects.get(code="community")
    _act(page, "change_tier", tier=str(community.pk), reason="当事人拒不拆除，楼组层面无法解决")
    assert community.name in page.inner_text("[data-testid=case-tier]")
    _as(page, "officer")
    _open_case(page, case)
    town = GridTier.objects.get(code="town")
    _act(page, "change_tier", tier=str(town.pk), reason="需镇级多部门联合执法")
    assert town.name in page.inner_text("[data-testid=case-tier]")
    _act(page, "note", text="已会同执法队员、调解员联合上门，当事人同意拆除。")
    _act(
        page,
        "reply",
        outcome="upheld",
        text="经多部门联合上门做工作，鸽棚已拆除，水泵房顶已恢复原状。",
        legal_basis="《上海市城乡规划条例》",
    )
    assert _status(page) == "已答复"
    screenshot(page, "handling-case-replied-zh")
    page.click("[data-testid=open-reply-document]")
    page.wait_for_selector("[data-testid=reply-document]")
    doc = page.inner_text("[data-testid=reply-document]")
    assert "钱建国" in doc and "城管执法中队" in doc and "鸽棚已拆除" in doc
    screenshot(page, "handling-reply-document-zh")

    # At the counter the petitioner asks for a review; the town decides it; then rates the answer.
    _as(page, "reception")
    _open_case(page, case)
    _act(page, "request_review", reason="鸽棚拆除后垃圾未清运")
    assert Case.objects.get(pk=case.pk).status == Status.UNDER_REVIEW
    _as(page, "petition")
    _open_case(page, case)
    _act(page, "decide_review", decision="upheld", opinion="维持原处理意见，责成三日内清运垃圾。")
    _as(page, "reception")
    _open_case(page, case)
    _act(page, "rate", rating="satisfied", comment="垃圾已清运，谢谢")

    # The officer closes it.
    _as(page, "officer")
    _open_case(page, case)
    _act(page, "close", note="已办结")
    assert _status(page) == "已办结"
    assert page.locator("[data-testid=no-actions], [data-action=request_review]").count() >= 1
    screenshot(page, "handling-case-closed-zh")

    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert case.resolved_tier.code == "town"
    assert (case.extension_status, case.review_level, case.satisfaction) == (
        ExtensionStatus.GRANTED,
        1,
        Satisfaction.SATISFIED,
    )

    # The same pages in English.
    page.click("button[name=language][value=en]")
    page.wait_for_selector("[data-testid=case-code]")
    assert _status(page) == "Closed"
    assert "The clock" in page.inner_text("main")
    screenshot(page, "handling-case-closed-en")
    page.click("[data-testid=open-reply-document]")
    page.wait_for_selector("[data-testid=reply-document]")
    assert "Written Opinion on the Handling of a Petition" in page.inner_text("[data-testid=reply-document]")
    assert "Written Opinion on a Review" in page.inner_text("main")
    screenshot(page, "handling-reply-document-en")
    page.goto("/cases/?status=all&q=钱建国")
    page.wait_for_selector("[data-testid=queue-table]")
    screenshot(page, "handling-queue-en")


def test_a_second_officer_on_a_stale_page_sees_the_new_state_not_an_overwrite(browser, live_server, demo_town):
    case = _register()
    case = case_route(
        case=case,
        by=get_user_model().objects.get(username="petition"),
        lead_department=Department.objects.get(code="enforcement"),
        tier=case.tier,
    )
    pages = []
    for username in ("officer", "head"):
        context = browser.new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai")
        page = context.new_page()
        login(page, username)
        page.wait_for_selector("[data-testid=count-open]")
        _open_case(page, case)
        pages.append(page)
    officer, head = pages

    _act(officer, "sign", notice="已受理")
    _act(head, "sign", notice="我也来签收")

    alert = head.inner_text(".alert-danger")
    assert "办理中" in alert, "the message shows the new state"
    assert "我也来签收" in head.inner_text("[data-testid=kept-text]")
    screenshot(head, "handling-conflict-zh")
    assert Case.objects.get(pk=case.pk).events.filter(new_status=Status.IN_PROGRESS).count() == 1
    for page in pages:
        page.context.close()


def test_the_queue_and_the_case_page_work_on_a_phone(phone, demo_town):
    page = phone
    login(page, "officer")
    page.wait_for_selector("[data-testid=count-open]")
    page.goto("/cases/")
    page.wait_for_selector("[data-testid=queue-table]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Nothing hides in a sideways scroll inside the table either.
    assert page.evaluate("document.querySelector('[data-testid=queue-table]').scrollWidth") <= 390
    screenshot(page, "handling-queue-phone")

    page.click("[data-testid=queue-row] a >> nth=0")
    page.wait_for_selector("[data-testid=case-code]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("[data-testid=clock]").is_visible()
    screenshot(page, "handling-case-phone")
