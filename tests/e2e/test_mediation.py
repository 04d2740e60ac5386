"""A case at 银一居委 referred to people's mediation, in a browser: the parties agree, a session is held, the
written agreement is signed and printed, its term performed, and the case closed with the result on its
timeline."""

from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from cases import services
from cases.models import CaseEvent, Outcome, Status
from grids.models import Role
from mediation.models import Committee, Mediation, Mediator
from mediation.models import Status as MStatus

from ..factories import CommunityFactory, DepartmentFactory, GridFactory, all_tiers, make_case, make_staff

pytestmark = pytest.mark.django_db(transaction=True)

# Looked at by a person after a change, not compared by the test.
SHOTS = Path("/work/shots/mediation") if Path("/work/shots").is_dir() else Path("/tmp/shots-mediation")  # noqa: S108
PASSWORD = "a-long-test-pass"


def _login(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.press("#id_password", "Enter")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _step(page, name: str, fields: dict, selects: dict | None = None) -> None:
    page.click(f"[data-testid=open-{name}]")
    for field, value in (selects or {}).items():
        page.select_option(f"#id_{name}-{field}", label=value)
    for field, value in fields.items():
        page.fill(f"#id_{name}-{field}", value)
    with page.expect_navigation():
        page.click(f"[data-testid=submit-{name}]")
    assert page.locator(".alert-success").count() == 1, page.locator(".alert").all_inner_texts()


@pytest.fixture
def scene(transactional_db):
    tiers = all_tiers()
    community = CommunityFactory(code="yinyi", name="银一居委")
    grid = GridFactory(community=community, tier=tiers["building"])
    dept = DepartmentFactory(code="enforcement", name="城管执法中队", name_en="Urban Management Enforcement")
    office = make_staff(Role.PETITION_OFFICE, username="office")
    officer = make_staff(Role.DEPARTMENT_OFFICER, username="officer", department=dept)
    mediator = make_staff(Role.MEDIATOR, username="mediator", community=community)
    committee = Committee.objects.create(
        name="银一居委人民调解委员会", level="community", community=community, term_starts_on=date(2025, 1, 1)
    )
    Mediator.objects.create(committee=committee, name="赵敏", is_chair=True, user=mediator)
    case = make_case(grid=grid, community=community, request="请求拆除水泵房顶的鸽棚", received_at=timezone.now())
    case = services.case_route(case=case, by=office, lead_department=dept, tier=case.tier)
    case = services.case_sign(case=case, by=officer)
    return {"case": case, "officer": officer}


def test_a_case_referred_to_mediation_comes_back_closed_with_the_agreement_on_its_timeline(desktop, scene):
    case = scene["case"]
    today = timezone.localdate().isoformat()

    _login(desktop, "officer")
    desktop.goto(f"/cases/{case.pk}/")
    _step(desktop, "refer_mediation", {"other_party": "顾某", "note": "鸽棚搭在公共水泵房顶"})
    assert desktop.locator("[data-testid=mediation-panel]").is_visible()
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS  # not closed: its clock runs on
    mediation = Mediation.objects.get(case=case)

    _login(desktop, "mediator")
    desktop.goto("/mediation/")
    with desktop.expect_navigation():
        desktop.click(f"text={mediation.number}")
    assert desktop.locator("[data-testid=no-fee]").is_visible()
    _step(desktop, "consent", {}, {"party": "张三"})
    _step(desktop, "consent", {}, {"party": "顾某"})
    _step(
        desktop,
        "session",
        {
            "held_on": today,
            "place": "顾某家中",
            "attendees": "张三、顾某、调解员、网格员",
            "record": "反复劝导，顾某同意拆除。",
        },
    )
    _step(
        desktop,
        "agreement",
        {
            "reached_on": today,
            "main_facts": "顾某在公共水泵房顶搭建鸽棚，影响邻居。",
            "points_in_dispute": "鸽棚是否拆除。",
            "responsibilities": "顾某应自行拆除鸽棚。",
            "performance": "顾某于五日内自行拆除。",
            "term_1": "自行拆除水泵房顶鸽棚",
            "term_1_due_on": today,
        },
        {"term_1_obligor": "顾某"},
    )
    _step(desktop, "sign", {"signed_on": today}, {"party": "张三"})
    _step(desktop, "sign", {"signed_on": today}, {"party": "顾某"})
    desktop.click("[data-testid=open-sign]")
    desktop.select_option("#id_sign-signer", value="mediator")
    desktop.fill("#id_sign-mediator_name", "赵敏")
    desktop.fill("#id_sign-signed_on", today)
    with desktop.expect_navigation():
        desktop.click("[data-testid=submit-sign]")
    desktop.click("[data-testid=open-sign]")
    desktop.select_option("#id_sign-signer", value="seal")
    desktop.fill("#id_sign-signed_on", today)
    with desktop.expect_navigation():
        desktop.click("[data-testid=submit-sign]")
    mediation.refresh_from_db()
    assert mediation.status == MStatus.AGREED
    assert desktop.locator("[data-testid=effective-on]").is_visible()
    assert desktop.locator("[data-testid=confirmation-window]").is_visible()
    _shot(desktop, "mediation-page-zh")

    with desktop.expect_navigation():
        desktop.click("[data-testid=print-agreement]")
    assert desktop.locator("[data-testid=agreement-document]").count() == 3  # two parties and the committee
    _shot(desktop, "agreement-print-zh")
    desktop.emulate_media(media="print")
    _shot(desktop, "agreement-print-media-zh")
    desktop.emulate_media(media="screen")

    desktop.goto(f"/mediation/{mediation.pk}/")
    _step(desktop, "term", {"performed_on": today}, {"term": "自行拆除水泵房顶鸽棚"})
    assert mediation.agreement.terms.get().performed_on is not None

    case.refresh_from_db()
    services.case_reply(
        case=case,
        by=scene["officer"],
        outcome=Outcome.UPHELD,
        text="经人民调解，鸽棚已拆除。",
        legal_basis="《人民调解法》",
    )
    _login(desktop, "officer")
    desktop.goto(f"/cases/{case.pk}/")
    desktop.click("[data-testid=open-close]")
    with desktop.expect_navigation():
        desktop.click("[data-testid=submit-close]")
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert case.events.filter(kind=CaseEvent.Kind.LINKED, detail="mediation_agreed").exists()
    assert mediation.number in desktop.content()
    _shot(desktop, "case-closed-with-mediation-zh")
