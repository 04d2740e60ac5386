"""One matter's whole life, registration to closure, across the National Day holiday and into the next year."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from cases import services
from cases.models import CaseEvent, CaseReview, Channel, ExtensionStatus, Outcome, Satisfaction, Status
from cases.selectors.public import case_public_timeline
from cases.services import PetitionerData, case_register

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def on(y: int, m: int, d: int, hour: int = 10):
    return time_machine.travel(datetime(y, m, d, hour, tzinfo=SHANGHAI), tick=False)


def test_a_case_lives_from_registration_to_closure_with_extension_escalation_review_and_rating(town, people, subject):
    with on(2025, 9, 19, 9):
        case = case_register(
            by=people["reception"],
            channel=Channel.VISIT,
            platform=town["hall"],
            what_happened="邻居在水泵房顶搭建鸽棚，粪便羽毛影响生活",
            request="请求拆除违法鸽棚",
            petitioners=[PetitionerData(name="钱建国", phone="13901230001", id_number="31011219600101123X")],
            subject=subject,
            grid=town["grid_a"],
        )
    assert (case.status, case.tier.code) == (Status.REGISTERED, "building")
    assert case.transfer_due_on == date(2025, 10, 9), "15 days end on 4 October, inside the holiday"

    with on(2025, 9, 22):
        case = services.case_route(
            case=case,
            by=people["office"],
            lead_department=subject.default_department,
            tier=case.tier,
            assisting_departments=[town["dept_b"]],
            people=[people["grid"], people["mediator"]],
            note="请网格员会同调解员先行上门",
            expected_version=case.version,
        )
    assert case.acceptance_due_on == date(2025, 10, 9)
    assert case.objection_due_on == date(2025, 9, 28), "the make-up Sunday counts as a working day"

    with on(2025, 9, 23):
        case = services.case_sign(case=case, by=people["officer"], notice="已受理", expected_version=case.version)
    assert case.reply_due_on == date(2025, 11, 24)

    with on(2025, 9, 26):
        case = services.case_add_note(
            case=case, by=people["grid"], text="网格员与调解员已上门劝导", is_public=True, expected_version=case.version
        )
    with on(2025, 10, 9):
        case = services.case_move_tier(
            case=case,
            by=people["grid"],
            to_tier=town["tiers"]["community"],
            reason="当事人拒不拆除，楼组层面无法解决",
            expected_version=case.version,
        )
    with on(2025, 10, 15):
        case = services.case_move_tier(
            case=case,
            by=people["officer"],
            to_tier=town["tiers"]["town"],
            reason="需镇级多部门联合执法",
            expected_version=case.version,
        )
    assert case.tier.code == "town"

    with on(2025, 11, 10):
        case = services.case_ask_extension(
            case=case, by=people["officer"], days=30, reason="等待联合执法排期", expected_version=case.version
        )
    with on(2025, 11, 11):
        case = services.case_decide_extension(case=case, by=people["head"], approve=True, expected_version=case.version)
    # 60 + 30 days from acceptance on 23 September, shifted once: Mon 22 December (not 24 Nov + 30).
    assert (case.extension_status, case.reply_due_on, case.due_on) == (
        ExtensionStatus.GRANTED,
        date(2025, 12, 22),
        date(2025, 12, 22),
    )

    with on(2025, 12, 5):
        case = services.case_reply(
            case=case,
            by=people["officer"],
            outcome=Outcome.UPHELD,
            text="经联合执法，鸽棚已拆除，水泵房顶已恢复原状。",
            legal_basis="《上海市城乡规划条例》",
            expected_version=case.version,
        )
    assert case.resolved_tier.code == "town"

    with on(2025, 12, 8):
        case = services.case_rate(case=case, rating=Satisfaction.NOT_SATISFIED, comment="拆除后垃圾未清运")
    assert case.needs_attention

    with on(2025, 12, 10):
        case = services.case_request_review(case=case, reason="拆除后垃圾未清运，要求复查")
    assert case.status == Status.UNDER_REVIEW
    assert case.due_on == date(2026, 1, 9)

    with on(2026, 1, 5):
        case = services.case_decide_review(
            case=case,
            by=people["leader"],
            decision=CaseReview.Decision.UPHELD,
            opinion="维持原处理意见，并责成城管执法中队三日内清运垃圾。",
            expected_version=case.version,
        )
    with on(2026, 1, 6):
        case = services.case_rate(
            case=case, rating=Satisfaction.SATISFIED, comment="垃圾已清运", by=people["reception"]
        )
    with on(2026, 1, 7):
        case = services.case_close(case=case, by=people["officer"], note="已办结", expected_version=case.version)

    case.refresh_from_db()
    assert case.status == Status.CLOSED
    assert (case.review_level, case.satisfaction, case.needs_attention) == (1, Satisfaction.SATISFIED, False)
    assert case.resolved_tier.code == "town"
    assert case.tier_entered_at == datetime(2025, 10, 15, 10, tzinfo=SHANGHAI)

    events = list(case.events.order_by("at", "pk"))
    steps = [(e.kind, e.old_status, e.new_status) for e in events]
    assert steps == [
        (CaseEvent.Kind.REGISTERED, "", Status.REGISTERED),
        (CaseEvent.Kind.ROUTED, Status.REGISTERED, Status.ASSIGNED),
        (CaseEvent.Kind.PEOPLE, "", ""),
        (CaseEvent.Kind.NOTE, "", ""),
        (CaseEvent.Kind.STATUS, Status.ASSIGNED, Status.IN_PROGRESS),
        (CaseEvent.Kind.NOTE, "", ""),
        (CaseEvent.Kind.TIER, "", ""),
        (CaseEvent.Kind.TIER, "", ""),
        (CaseEvent.Kind.EXTENSION_ASKED, "", ""),
        (CaseEvent.Kind.EXTENSION_GRANTED, "", ""),
        (CaseEvent.Kind.STATUS, Status.IN_PROGRESS, Status.REPLIED),
        (CaseEvent.Kind.RATED, "", ""),
        (CaseEvent.Kind.STATUS, Status.REPLIED, Status.UNDER_REVIEW),
        (CaseEvent.Kind.STATUS, Status.UNDER_REVIEW, Status.REPLIED),
        (CaseEvent.Kind.RATED, "", ""),
        (CaseEvent.Kind.STATUS, Status.REPLIED, Status.CLOSED),
    ]
    tiers = [(e.old_tier.code, e.new_tier.code) for e in events if e.kind == CaseEvent.Kind.TIER]
    assert tiers == [("building", "community"), ("community", "town")]
    # Version 1 at registration, then one per step; routing is one step written as three lines.
    assert case.version == 1 + len(events) - 1 - 2

    with translation.override("en"):
        public = case_public_timeline(case)
    assert [e.title for e in public] == [
        "Your matter was registered.",
        "Your matter was passed on to the body that handles it.",
        "Your matter was accepted for handling.",
        "Progress",
        "The time to reply was extended by 30 days.",
        "You were given a written reply: Upheld.",
        "You rated the answer: Not satisfied.",
        "You asked for a review.",
        "The review was decided: The earlier opinion stands.",
        "You rated the answer: Satisfied.",
        "Your matter was closed.",
    ]
    assert public[4].text == "等待联合执法排期"
