"""Handling services: what each step writes, what the clock says, and what it refuses."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from cases import services
from cases.models import (
    CaseAssignment,
    CaseEvent,
    CaseReview,
    Category,
    ExtensionStatus,
    NotAcceptedReason,
    Outcome,
    Satisfaction,
    Status,
)
from cases.policy import cases_visible_to
from cases.selectors.public import case_public_timeline
from grids.models import Role

from ...factories import make_case, make_staff
from .conftest import rereviewed, route

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, hour: int = 10) -> datetime:
    return datetime(y, m, d, hour, tzinfo=SHANGHAI)


# --- Triage -------------------------------------------------------------------------------------


def test_routing_accepts_the_case_and_starts_the_handling_bodys_clock(town, people, case_at):
    case = case_at(received_at=at(2025, 9, 22))
    with time_machine.travel(at(2025, 9, 26), tick=False):
        case = route(
            case,
            town,
            people,
            assisting_departments=[town["dept_b"], town["dept_a"]],
            people=[people["grid"], people["mediator"]],
            note="请会同网格员上门",
        )

    case.refresh_from_db()
    assert case.status == Status.ASSIGNED
    assert case.lead_department == town["dept_a"]
    assert list(case.assisting_departments.all()) == [town["dept_b"]], "the lead is not also assisting"
    assert set(case.assignees.all()) == {people["grid"], people["mediator"]}
    # 15 days from 26 September ends on Saturday 11 October, a make-up working day in 2025.
    assert case.acceptance_due_on == date(2025, 10, 11)
    assert case.objection_due_on == date(2025, 10, 10)
    assert case.due_on == case.acceptance_due_on
    assert case.routed_at == at(2025, 9, 26)
    assert case.tier_due_on == date(2025, 10, 11), "the tier's target counts from routing, in calendar days"
    kinds = [(e.kind, e.is_public) for e in case.events.order_by("pk")][1:]
    assert kinds == [
        (CaseEvent.Kind.ROUTED, True),
        (CaseEvent.Kind.PEOPLE, False),
        (CaseEvent.Kind.NOTE, False),
    ]


def test_routing_to_another_tier_records_the_move(town, people, case_at):
    case = case_at()
    case = route(case, town, people, tier=town["tiers"]["community"])

    assert case.tier.code == "community"
    event = case.events.get(kind=CaseEvent.Kind.TIER)
    assert (event.old_tier.code, event.new_tier.code) == ("building", "community")


def test_routing_never_gives_a_misconduct_report_to_the_accused(town, people, subject):
    report = make_case(category=Category.MISCONDUCT, accused_department=town["dept_a"], subject=subject)
    type(report).objects.filter(pk=report.pk).update(accused_user=people["mediator"])
    report.refresh_from_db()

    with pytest.raises(ValidationError) as err:
        route(report, town, people, lead_department=town["dept_a"])
    assert "lead_department" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        route(report, town, people, lead_department=town["dept_b"], assisting_departments=[town["dept_a"]])
    assert "assisting_departments" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        route(report, town, people, lead_department=town["dept_b"], people=[people["mediator"]])
    assert "people" in err.value.message_dict

    report.refresh_from_db()
    assert report.status == Status.REGISTERED
    assert report.events.count() == 1


def test_routing_puts_only_people_on_the_ground_on_a_case(town, people, case_at):
    with pytest.raises(ValidationError) as err:
        route(case_at(), town, people, people=[people["officer"]])
    assert "people" in err.value.message_dict


def test_not_accepting_registers_the_case_only_and_tells_the_petitioner_why(town, people, case_at):
    case = case_at()
    case = services.case_not_accept(
        case=case, by=people["office"], reason=NotAcceptedReason.LEGAL_PROCEDURE, explanation="请向人民法院起诉"
    )

    assert case.status == Status.NOT_ACCEPTED
    assert case.due_on is None
    event = case.events.last()
    assert (event.is_public, event.detail, event.note) == (True, "legal_procedure", "请向人民法院起诉")


def test_not_accepting_again_is_its_own_status(town, people, case_at):
    case = case_at(Status.NOT_ACCEPTED_AGAIN)
    assert case.status == Status.NOT_ACCEPTED_AGAIN
    assert case.repeats_rereviewed.reviews.filter(level=2, decided_at__isnull=False).exists()


def test_not_accepting_needs_a_reason_and_an_explanation(town, people, case_at):
    case = case_at()
    with pytest.raises(ValidationError):
        services.case_not_accept(case=case, by=people["office"], reason="bored", explanation="x")
    with pytest.raises(ValidationError):
        services.case_not_accept(case=case, by=people["office"], reason="legal_procedure", explanation="  ")


def test_only_the_petition_office_triages(town, people, case_at):
    case = case_at()
    for who in ("reception", "leader"):
        with pytest.raises(PermissionDenied):
            services.case_route(case=case, by=people[who], lead_department=town["dept_a"], tier=case.tier)


# --- The handling body --------------------------------------------------------------------------


def test_signing_for_a_case_starts_the_60_day_reply_clock(town, people, case_at):
    with time_machine.travel(at(2025, 9, 24), tick=False):
        case = case_at(Status.ASSIGNED)
        case = services.case_sign(case=case, by=people["officer"], notice="已受理，60日内答复")

    assert case.status == Status.IN_PROGRESS
    # 60 days from 24 September 2025 is Sunday 23 November: the reply is due Monday the 24th.
    assert case.reply_due_on == date(2025, 11, 24)
    assert case.due_on == date(2025, 11, 24)
    event = case.events.last()
    assert (event.is_public, event.department, event.note) == (True, town["dept_a"], "已受理，60日内答复")


def test_a_person_put_on_the_case_may_sign_for_it(town, people, case_at):
    case = services.case_sign(case=case_at(Status.ASSIGNED), by=people["grid"])
    assert case.status == Status.IN_PROGRESS


def test_an_objection_within_five_working_days_sends_the_case_back_to_triage_once_agreed(town, people, case_at):
    with time_machine.travel(at(2025, 9, 26), tick=False):
        case = case_at(Status.ASSIGNED)
    with time_machine.travel(at(2025, 10, 10, 17), tick=False):
        case = services.case_object(case=case, by=people["officer"], reason="属房管办职责")
        assert case.status == Status.ASSIGNED and case in cases_visible_to(people["officer"])
        case = services.case_decide_objection(case=case, by=people["office"], agree=True)

    case.refresh_from_db()
    assert case.status == Status.REGISTERED
    assert case.lead_department is None
    assert not case.assignments.exists()
    assert case.due_on == case.transfer_due_on
    event = case.events.last()
    # The office's agreement is the step; the department's reason is its note.
    assert (event.old_status, event.new_status, event.note, event.is_public) == (
        Status.ASSIGNED,
        Status.REGISTERED,
        "属房管办职责",
        False,
    )
    assert event.actor == people["office"]
    assert case not in cases_visible_to(people["officer"])
    assert case in cases_visible_to(people["office"])


def test_an_objection_after_five_working_days_is_refused(town, people, case_at):
    with time_machine.travel(at(2025, 9, 26), tick=False):
        case = case_at(Status.ASSIGNED)
    with time_machine.travel(at(2025, 10, 11), tick=False), pytest.raises(services.ActionNotAllowed) as err:
        services.case_object(case=case, by=people["officer"], reason="不归我们管")

    assert "2025-10-10" in str(err.value)
    case.refresh_from_db()
    assert case.status == Status.ASSIGNED


def test_only_the_lead_department_objects_not_a_person_put_on_the_case(town, people, case_at):
    with pytest.raises(PermissionDenied):
        services.case_object(case=case_at(Status.ASSIGNED), by=people["grid"], reason="不归我管")


def test_a_progress_note_is_internal_unless_made_public(town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    case = services.case_add_note(case=case, by=people["officer"], text="内部：当事人情绪激动")
    case = services.case_add_note(case=case, by=people["officer"], text="已上门核实", is_public=True)

    notes = list(case.events.filter(kind=CaseEvent.Kind.NOTE).values_list("note", "is_public"))
    assert notes == [("内部：当事人情绪激动", False), ("已上门核实", True)]


def test_an_assisting_department_adds_notes_but_does_not_reply(town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    case.assisting_departments.add(town["dept_b"])
    case = services.case_add_note(case=case, by=people["other_officer"], text="房管办已提供产权资料")
    assert case.events.last().department == town["dept_b"]

    with pytest.raises(PermissionDenied):
        services.case_reply(case=case, by=people["other_officer"], outcome=Outcome.UPHELD, text="x", legal_basis="依据")


def test_people_on_the_case_can_be_changed(town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    case = services.case_assign_people(case=case, by=people["officer"], people=[people["mediator"]])

    assert list(CaseAssignment.objects.filter(case=case).values_list("user__username", flat=True)) == ["mediator"]
    assert case.events.last().kind == CaseEvent.Kind.PEOPLE


# --- Extension ----------------------------------------------------------------------------------


def test_the_head_approves_an_extension_and_the_petitioner_is_told_why(town, people, case_at):
    with time_machine.travel(at(2025, 9, 24), tick=False):
        case = case_at(Status.IN_PROGRESS)
    assert case.reply_due_on == date(2025, 11, 24)
    with time_machine.travel(at(2025, 11, 1), tick=False):
        case = services.case_ask_extension(case=case, by=people["officer"], days=30, reason="等待房屋安全鉴定报告")
        assert case.extension_status == ExtensionStatus.REQUESTED
        assert case.reply_due_on == date(2025, 11, 24), "nothing moves before the head approves"
        case = services.case_decide_extension(case=case, by=people["head"], approve=True)

    assert case.extension_status == ExtensionStatus.GRANTED
    # The whole limit is 60 + 30 days from acceptance, shifted once: Tue 23 December 2025, not the shifted
    # 60th day (Sun 23 Nov -> Mon 24 Nov) plus 30.
    assert case.reply_due_on == date(2025, 12, 23)
    assert case.due_on == date(2025, 12, 23)
    granted = case.events.get(kind=CaseEvent.Kind.EXTENSION_GRANTED)
    assert (granted.is_public, granted.note, granted.detail) == (True, "等待房屋安全鉴定报告", "30")
    assert not case.events.get(kind=CaseEvent.Kind.EXTENSION_ASKED).is_public


def test_an_extension_is_at_most_30_days_and_needs_a_reason(town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    with pytest.raises(ValidationError):
        services.case_ask_extension(case=case, by=people["officer"], days=31, reason="复杂")
    with pytest.raises(ValidationError):
        services.case_ask_extension(case=case, by=people["officer"], days=10, reason=" ")


def test_an_extension_is_granted_once(town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    case = services.case_ask_extension(case=case, by=people["officer"], days=10, reason="复杂")
    with pytest.raises(services.ActionNotAllowed):
        services.case_ask_extension(case=case, by=people["officer"], days=10, reason="再等等")
    case = services.case_decide_extension(case=case, by=people["head"], approve=True)
    with pytest.raises(services.ActionNotAllowed):
        services.case_ask_extension(case=case, by=people["officer"], days=5, reason="还要")


def test_a_refused_extension_may_be_asked_again(town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    case = services.case_ask_extension(case=case, by=people["officer"], days=30, reason="复杂")
    with pytest.raises(ValidationError):
        services.case_decide_extension(case=case, by=people["head"], approve=False, note="")
    case = services.case_decide_extension(case=case, by=people["head"], approve=False, note="理由不充分")
    assert case.extension_status == ExtensionStatus.REFUSED
    assert not case.events.get(kind=CaseEvent.Kind.EXTENSION_REFUSED).is_public

    case = services.case_ask_extension(case=case, by=people["officer"], days=15, reason="鉴定机构已出具延期函")
    assert case.extension_status == ExtensionStatus.REQUESTED


def test_only_the_head_of_the_lead_department_approves_an_extension(town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    case = services.case_ask_extension(case=case, by=people["officer"], days=30, reason="复杂")
    for who in ("officer", "other_head", "office"):
        with pytest.raises(PermissionDenied):
            services.case_decide_extension(case=case, by=people[who], approve=True)


def test_an_extension_cannot_be_asked_once_the_reply_is_overdue(town, people, case_at):
    with time_machine.travel(at(2025, 9, 24), tick=False):
        case = case_at(Status.IN_PROGRESS)
    with time_machine.travel(at(2025, 11, 25), tick=False), pytest.raises(services.ActionNotAllowed):
        services.case_ask_extension(case=case, by=people["officer"], days=30, reason="来不及了")


# --- Tiers --------------------------------------------------------------------------------------


def test_escalating_records_the_reason_and_restarts_the_tier_target(town, people, case_at):
    with time_machine.travel(at(2025, 9, 24), tick=False):
        case = case_at(Status.IN_PROGRESS)
    with time_machine.travel(at(2025, 9, 30), tick=False):
        case = services.case_move_tier(
            case=case, by=people["grid"], to_tier=town["tiers"]["community"], reason="楼组内无法调解"
        )

    assert case.tier.code == "community"
    assert case.tier_entered_at == at(2025, 9, 30)
    case.refresh_from_db()
    assert case.tier_due_on == date(2025, 10, 15), "the tier's target (15 days here) counts from the move"
    event = case.events.last()
    assert (event.kind, event.old_tier.code, event.new_tier.code, event.note) == (
        CaseEvent.Kind.TIER,
        "building",
        "community",
        "楼组内无法调解",
    )


def test_moving_a_tier_needs_a_reason(town, people, case_at):
    with pytest.raises(ValidationError):
        services.case_move_tier(
            case=case_at(Status.IN_PROGRESS), by=people["officer"], to_tier=town["tiers"]["town"], reason=""
        )


# --- Reply and closing --------------------------------------------------------------------------


def test_a_reply_records_the_outcome_and_the_tier_it_was_resolved_at(town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    case = services.case_move_tier(case=case, by=people["officer"], to_tier=town["tiers"]["town"], reason="跨部门")
    case = services.case_reply(
        case=case, by=people["officer"], outcome=Outcome.EXPLAINED, text="已解释相关政策", legal_basis="依据"
    )

    case.refresh_from_db()
    assert case.status == Status.REPLIED
    assert (case.outcome, case.reply_text) == (Outcome.EXPLAINED, "已解释相关政策")
    assert case.resolved_tier.code == "town"
    assert case.reply_department == town["dept_a"]
    assert case.replied_at == case.answered_at
    assert case.due_on is None
    event = case.events.last()
    assert (event.new_status, event.detail, event.is_public) == (Status.REPLIED, "explained", True)


def test_a_reply_needs_an_outcome_and_a_text(town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    with pytest.raises(ValidationError):
        services.case_reply(case=case, by=people["officer"], outcome="maybe", text="x", legal_basis="依据")
    with pytest.raises(ValidationError):
        services.case_reply(case=case, by=people["officer"], outcome=Outcome.UPHELD, text="", legal_basis="依据")


def test_closing_keeps_the_resolved_tier(town, people, case_at):
    case = services.case_close(case=case_at(Status.REPLIED), by=people["officer"], note="已办结")
    assert case.status == Status.CLOSED
    assert case.closed_at is not None
    assert case.resolved_tier.code == "building"


# --- Review and re-review -----------------------------------------------------------------------


def test_a_review_goes_to_the_level_above_with_its_own_30_day_clock(town, people, case_at):
    with time_machine.travel(at(2025, 9, 1), tick=False):
        case = case_at(Status.REPLIED)
    with time_machine.travel(at(2025, 9, 20), tick=False):
        case = services.case_request_review(case=case, reason="处理结果不公")

    assert case.status == Status.UNDER_REVIEW
    review = case.reviews.get()
    assert (review.level, review.requested_by, review.reason) == (1, None, "处理结果不公")
    # 30 days from 20 September 2025 is 20 October, a Monday.
    assert review.due_on == date(2025, 10, 20) == case.due_on


def test_counter_staff_record_a_review_request(town, people, case_at):
    case = services.case_request_review(case=case_at(Status.CLOSED), by=people["reception"], reason="不服")
    assert case.reviews.get().requested_by == people["reception"]
    assert case.closed_at is None


def _delivered_the_same_day(case, people):
    """The reply handed over on the day it was written: the window counts from that day."""
    return services.case_record_delivery(
        case=case, by=people["officer"], method="in_person", delivered_on=timezone.localdate(case.answered_at)
    )


def test_a_review_must_be_asked_within_30_days_of_receiving_the_reply(town, people, case_at):
    with time_machine.travel(at(2025, 8, 1), tick=False):
        case = _delivered_the_same_day(case_at(Status.REPLIED), people)
    # 30 days from 1 August end on Sunday 31 August, so the window closes on Monday 1 September.
    with time_machine.travel(at(2025, 9, 1, 23), tick=False):
        assert services.case_request_review(case=case, reason="最后一天").status == Status.UNDER_REVIEW


def test_a_review_asked_after_the_window_is_refused(town, people, case_at):
    with time_machine.travel(at(2025, 8, 1), tick=False):
        case = _delivered_the_same_day(case_at(Status.REPLIED), people)
    with time_machine.travel(at(2025, 9, 2), tick=False), pytest.raises(services.ActionNotAllowed) as err:
        services.case_request_review(case=case, reason="太迟了")
    assert "2025-09-01" in str(err.value)


def test_the_review_window_runs_over_the_national_day_holiday(town, people, case_at):
    with time_machine.travel(at(2025, 9, 1), tick=False):
        case = _delivered_the_same_day(case_at(Status.REPLIED), people)
    # 30 days from 1 September end on 1 October, a holiday: the window runs to 9 October.
    with time_machine.travel(at(2025, 10, 9), tick=False):
        assert services.case_request_review(case=case, reason="节后提出").status == Status.UNDER_REVIEW


def test_after_re_review_the_matter_is_closed_for_good(town, people, case_at):
    case = case_at(Status.UNDER_REVIEW)
    case = services.case_decide_review(
        case=case, by=people["office"], decision=CaseReview.Decision.UPHELD, opinion="维持原意见"
    )
    assert case.status == Status.REPLIED
    assert case.reviews.get(level=1).decision == CaseReview.Decision.UPHELD

    case = services.case_request_review(case=case, reason="仍然不服")
    assert case.status == Status.UNDER_REREVIEW
    # The level above the town's review is the district: its opinion is recorded as received.
    case = services.case_record_review_decision(
        case=case,
        by=people["office"],
        body="闵行区信访办",
        received_on=timezone.localdate(),
        decision=CaseReview.Decision.REVISED,
        opinion="部分变更",
    )

    assert case.status == Status.CLOSED
    assert case.review_level == 2
    with pytest.raises(services.ActionNotAllowed) as err:
        services.case_request_review(case=case, reason="还不服")
    assert "不再受理" in str(err.value)


def test_only_the_level_above_decides_a_review(town, people, case_at):
    case = case_at(Status.UNDER_REVIEW)
    for who in ("officer", "head", "reception"):
        with pytest.raises(PermissionDenied):
            services.case_decide_review(case=case, by=people[who], decision="upheld", opinion="维持")


# --- Satisfaction -------------------------------------------------------------------------------


def test_not_satisfied_flags_the_case_for_the_town_office(town, people, case_at):
    case = services.case_rate(case=case_at(Status.REPLIED), rating=Satisfaction.NOT_SATISFIED, comment="没解决")

    assert case.needs_attention
    assert (case.satisfaction, case.satisfaction_comment) == (Satisfaction.NOT_SATISFIED, "没解决")
    event = case.events.last()
    assert (event.kind, event.detail, event.is_public, event.actor) == (
        CaseEvent.Kind.RATED,
        "not_satisfied",
        True,
        None,
    )


def test_an_answer_is_rated_once_and_a_new_answer_may_be_rated_again(town, people, case_at):
    case = services.case_rate(case=case_at(Status.REPLIED), rating=Satisfaction.NOT_SATISFIED)
    with pytest.raises(services.ActionNotAllowed):
        services.case_rate(case=case, rating=Satisfaction.SATISFIED)

    case = services.case_request_review(case=case, reason="不满意")
    case = services.case_decide_review(case=case, by=people["office"], decision="revised", opinion="已重新处理")
    case = services.case_rate(case=case, rating=Satisfaction.SATISFIED, by=people["reception"])

    assert case.satisfaction == Satisfaction.SATISFIED
    assert not case.needs_attention
    assert case.events.filter(kind=CaseEvent.Kind.RATED).count() == 2


def test_a_case_without_an_answer_cannot_be_rated(town, people, case_at):
    with pytest.raises(services.ActionNotAllowed):
        services.case_rate(case=case_at(Status.IN_PROGRESS), rating=Satisfaction.SATISFIED)


def test_a_rating_must_be_one_of_the_three(town, people, case_at):
    with pytest.raises(ValidationError):
        services.case_rate(case=case_at(Status.REPLIED), rating="meh")


# --- The petitioner's timeline -----------------------------------------------------------------


def test_the_public_timeline_names_departments_never_staff_and_hides_internal_steps(town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    case = services.case_add_note(case=case, by=people["officer"], text="内部意见：此人多次来访")
    case = services.case_add_note(case=case, by=people["officer"], text="已联系物业", is_public=True)
    case = services.case_move_tier(case=case, by=people["officer"], to_tier=town["tiers"]["town"], reason="升级")
    case = services.case_ask_extension(case=case, by=people["officer"], days=20, reason="等待鉴定")
    case = services.case_decide_extension(case=case, by=people["head"], approve=True)
    case = services.case_reply(
        case=case, by=people["officer"], outcome=Outcome.UPHELD, text="已拆除", legal_basis="依据"
    )
    case = services.case_rate(case=case, rating=Satisfaction.SATISFIED, comment="谢谢")

    with translation.override("en"):
        timeline = case_public_timeline(case)
    text = " ".join(f"{e.title} {e.unit} {e.text}" for e in timeline)

    for name in ("张伟", "陈刚", "李强", "刘洋", "officer", "head"):
        assert name not in text
    assert "内部意见" not in text
    assert "升级" not in text, "tier moves are internal"
    assert "城管执法中队" in text
    assert "等待鉴定" in text, "the petitioner is told why the reply takes longer"
    assert "已联系物业" in text
    titles = [e.title for e in timeline]
    assert titles == [
        "Your matter was registered.",
        "Your matter was passed on to the body that handles it.",
        "Your matter was accepted for handling.",
        "Progress",
        "The time to reply was extended by 20 days.",
        "You were given a written reply: Upheld.",
        "You rated the answer: Satisfied.",
    ]


def test_the_public_timeline_is_one_query(town, people, case_at, django_assert_num_queries):
    case = case_at(Status.CLOSED)
    with django_assert_num_queries(1):
        case_public_timeline(case)


def test_the_public_timeline_names_a_grid_workers_community(town, people, case_at):
    case = services.case_add_note(
        case=case_at(Status.IN_PROGRESS), by=people["grid"], text="网格员已上门", is_public=True
    )
    assert case_public_timeline(case)[-1].unit == town["community_a"].name


def test_an_anonymous_user_or_a_user_without_a_role_acts_on_nothing(town, people, case_at, django_user_model):
    case = case_at(Status.IN_PROGRESS)
    norole = django_user_model.objects.create_user("norole", password="x" * 12)
    with pytest.raises(PermissionDenied):
        services.case_add_note(case=case, by=norole, text="hi")
    stranger = make_staff(Role.MEDIATOR)
    with pytest.raises(PermissionDenied):
        services.case_add_note(case=case, by=stranger, text="hi")


def test_the_tracking_page_can_ask_what_the_petitioner_may_do_now(town, people, case_at):
    from cases.selectors.public import petitioner_options

    with time_machine.travel(at(2025, 8, 1), tick=False):
        case = case_at(Status.IN_PROGRESS)
        options = petitioner_options(case)
        assert not options.may_request_review and not options.may_rate
        case = services.case_reply(
            case=case, by=people["officer"], outcome=Outcome.UPHELD, text="已处理", legal_basis="依据"
        )
        case = _delivered_the_same_day(case, people)
        options = petitioner_options(case)
    assert (options.may_request_review, options.review_level, options.review_window_ends) == (
        True,
        1,
        date(2025, 9, 1),
    )
    assert options.may_rate

    with time_machine.travel(at(2025, 9, 2), tick=False):
        options = petitioner_options(case)
    assert not options.may_request_review
    assert "2025-09-01" in options.review_refusal

    case = rereviewed(town, people)
    options = petitioner_options(case)
    assert not options.may_request_review
    assert "不再受理" in options.review_refusal
    assert options.may_rate
