"""The regulation's steps in a browser: a department objects and the case stays with it; the petition
office checks the objection; the written notices print with a place for the seal."""

import tempfile
from pathlib import Path

import pytest
from django.utils import timezone

from cases import services
from cases.models import Outcome
from grids.models import Role

from ..factories import CommunityFactory, DepartmentFactory, GridFactory, all_tiers, make_case, make_staff

pytestmark = pytest.mark.django_db(transaction=True)

# Looked at by a person after a change (tests/e2e/screenshots/), not compared by the test.
SHOTS = Path(tempfile.gettempdir()) / "shots-law-steps"
PASSWORD = "a-long-test-pass"


def _login(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def scene(transactional_db):
    tiers = all_tiers()
    community = CommunityFactory(code="yinyi", name="银一居委")
    grid = GridFactory(community=community, tier=tiers["building"])
    dept = DepartmentFactory(code="enforcement", name="城管执法中队", name_en="Urban Management Enforcement")
    office = make_staff(Role.PETITION_OFFICE, username="office")
    officer = make_staff(Role.DEPARTMENT_OFFICER, username="officer", department=dept)
    case = make_case(grid=grid, request="请求拆除违法搭建的鸽棚", received_at=timezone.now())
    case = services.case_route(case=case, by=office, lead_department=dept, tier=case.tier)
    return {"case": case, "office": office, "officer": officer}


def test_an_objection_waits_for_the_office_and_the_notices_print(desktop, scene):
    case = scene["case"]
    _login(desktop, "officer")
    desktop.goto(f"/cases/{case.pk}/")
    desktop.click("[data-testid=open-object]")
    desktop.fill("#id_object-reason", "该事项属房管办职责范围")
    desktop.locator("#act-object button[type=submit]").click()
    desktop.wait_for_load_state()
    banner = desktop.locator("[data-testid=objection-pending]")
    assert banner.is_visible() and "信访办核实同意前" in banner.inner_text()
    _shot(desktop, "objection-pending-zh")

    services.case_decide_objection(
        case=type(case).objects.get(pk=case.pk), by=scene["office"], agree=False, note="经核实属本部门"
    )
    signed = services.case_sign(
        case=type(case).objects.get(pk=case.pk), by=scene["officer"], notice="我们将依法办理，按时书面答复。"
    )
    desktop.goto(f"/cases/{case.pk}/notice/")
    assert desktop.locator("[data-testid=acceptance-notice]").is_visible()
    assert "信访事项受理告知书" in desktop.locator("h1").inner_text()
    _shot(desktop, "acceptance-notice-zh")
    desktop.click("button:has-text('English')")
    desktop.wait_for_load_state()
    desktop.goto(f"/cases/{case.pk}/notice/")
    assert "Notice of Acceptance of a Petition" in desktop.locator("h1").inner_text()
    _shot(desktop, "acceptance-notice-en")

    services.case_reply(
        case=signed,
        by=scene["officer"],
        outcome=Outcome.UPHELD,
        text="经查属实，已责令拆除。",
        legal_basis="《上海市城乡规划条例》",
    )
    desktop.goto(f"/cases/{case.pk}/reply/")
    assert desktop.locator("[data-testid=doc-legal-basis]").is_visible()
    _shot(desktop, "reply-document-en")
    desktop.goto(f"/cases/{case.pk}/")
    _shot(desktop, "case-replied-en")
