"""Walks a demo case through the steps of its path, as the people of the demo would: who acts, what they write."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model

from cases import services
from cases.clock import local_day
from cases.models import (
    Case,
    CaseReview,
    Category,
    DeliveryMethod,
    NotAcceptedReason,
    Outcome,
    Satisfaction,
)
from cases.policy import accuses
from cases.rules import review_decided_in_town
from grids.models import Department, GridTier, Role, StaffProfile

_OUTCOMES = [(Outcome.UPHELD, 0.55), (Outcome.EXPLAINED, 0.3), (Outcome.NOT_UPHELD, 0.15)]
_RATINGS = [(Satisfaction.SATISFIED, 0.7), (Satisfaction.BASICALLY_SATISFIED, 0.2), (Satisfaction.NOT_SATISFIED, 0.1)]
_NOT_ACCEPTED = [
    (NotAcceptedReason.LEGAL_PROCEDURE, 0.7),
    (NotAcceptedReason.BEING_HANDLED, 0.3),
]
_EXPLANATIONS = {
    NotAcceptedReason.LEGAL_PROCEDURE: "该诉求属于民事纠纷，请依法向人民法院提起诉讼或申请仲裁。",
    NotAcceptedReason.BEING_HANDLED: "同一事项正在办理中，办理结果将另行告知。",
    NotAcceptedReason.REREVIEWED: "同一事项已经复核终结，以同一事实和理由提出的诉求不再受理。",
}
_REPLIES = {
    Outcome.UPHELD: "经调查核实，反映情况属实。相关部门已会同居委、网格员上门处理，问题已解决。",
    Outcome.EXPLAINED: "经调查，诉求有一定合理性，但缺乏政策法律依据，已向信访人当面解释说明相关规定。",
    Outcome.NOT_UPHELD: "经调查核实，反映情况与事实不符，诉求缺乏事实和法律依据，不予支持。",
}
LEGAL_BASES = {
    Outcome.UPHELD: "《信访工作条例》第三十二条第一项；《上海市城市管理行政执法条例》相关规定。",
    Outcome.EXPLAINED: "《信访工作条例》第三十二条第二项。",
    Outcome.NOT_UPHELD: "《信访工作条例》第三十二条第三项。",
}
# A suggestion is answered; a report of misconduct goes to the discipline route: no outcome.
_ANSWERS = {
    Category.SUGGESTION: "感谢您的建议。相关部门已研究采纳，将在今后工作中改进。",
    Category.MISCONDUCT: "您反映的问题已按纪检监察程序移送镇纪委处理，处理情况将依规告知。",
}
# The level above a district station, or above the town itself, is a district body.
_DISTRICT_BODY = "闵行区信访办"
_DELIVERIES = [(DeliveryMethod.IN_PERSON, 0.5), (DeliveryMethod.SMS_LINK, 0.3), (DeliveryMethod.POST, 0.2)]
_NOTICE = "您反映的事项已受理，我们将依法办理并按时书面答复。"


def pick(rng: random.Random, weighted: list) -> object:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


class Cast:
    """The people who act in the demo: the petition office, the counter, and each department's officer and head."""

    def __init__(self) -> None:
        user_model = get_user_model()
        self.reception = user_model.objects.get(username="reception")
        self.petition = user_model.objects.get(username="petition")
        self.grid = user_model.objects.select_related("staff").get(username="grid")
        self.mediator = user_model.objects.get(username="mediator")
        self.officers = {}
        self.heads = {}
        for profile in (
            StaffProfile.objects.filter(
                role__in=[Role.DEPARTMENT_OFFICER, Role.DEPARTMENT_HEAD], department__isnull=False
            )
            .select_related("user", "department")
            .order_by("pk")
        ):
            into = self.officers if profile.role == Role.DEPARTMENT_OFFICER else self.heads
            into.setdefault(profile.department.code, profile.user)
        self.departments = {d.code: d for d in Department.objects.all()}


def lead_for(case: Case, cast: Cast) -> Department:
    lead = case.subject.default_department if case.subject_id else cast.departments["petition"]
    if accuses(case, department_id=lead.pk):
        # A report of misconduct never goes to the department it accuses.
        lead = cast.departments["petition"]
    return lead


def walk(case: Case, schedule: list, cast: Cast, rng: random.Random, *, escalate_to: str = "") -> Case:
    """Move a demo case along its steps through the real services, each at a plausible moment."""
    at = case.received_at
    lead = lead_for(case, cast)
    officer, head = cast.officers[lead.code], cast.heads[lead.code]
    for step, days in schedule:
        at = at + timedelta(days=days)
        if case.category != Category.RELIEF and step in _RELIEF_ONLY:
            # Only a request for relief has the clock's extension and reviews.
            continue
        if step in ("not_accepted", "not_accepted_again"):
            repeated = _rereviewed_before(at) if step == "not_accepted_again" else None
            reason = NotAcceptedReason.REREVIEWED if repeated else pick(rng, _NOT_ACCEPTED)
            case = services.case_not_accept(
                case=case,
                by=cast.petition,
                reason=reason,
                explanation=_EXPLANATIONS[reason],
                repeats=repeated.tracking_code if repeated else "",
                at=at,
            )
        elif step == "route":
            people = []
            if case.community_id == cast.grid.staff.community_id and case.category != Category.MISCONDUCT:
                people = [cast.grid, cast.mediator] if case.subject.code == "neighbour" else [cast.grid]
            case = services.case_route(
                case=case, by=cast.petition, lead_department=lead, tier=case.tier, people=people, at=at
            )
        elif step == "sign":
            case = services.case_sign(case=case, by=officer, notice=_NOTICE, at=at)
        elif step == "escalate":
            wider = GridTier.objects.filter(level__gt=case.tier.level).order_by("level").first()
            if wider is not None:
                case = services.case_move_tier(
                    case=case, by=officer, to_tier=wider, reason="涉及多个部门，本层级难以协调解决。", at=at
                )
        elif step == "ask_extension":
            case = services.case_ask_extension(
                case=case, by=officer, days=rng.choice([15, 20, 30]), reason="需等待专业机构出具检测报告。", at=at
            )
        elif step == "approve_extension":
            # Approved only before the limit runs out; a head who is late must refuse.
            in_time = case.reply_due_on is None or local_day(at) <= case.reply_due_on
            case = services.case_decide_extension(
                case=case, by=head, approve=in_time, note="" if in_time else "已超过办理期限，不再延期。", at=at
            )
        elif step == "note":
            case = services.case_add_note(
                case=case, by=officer, text="已上门走访当事人，正在协调处理。", is_public=rng.random() < 0.5, at=at
            )
        elif step == "reply":
            if case.category == Category.RELIEF:
                outcome = pick(rng, _OUTCOMES)
                case = services.case_reply(
                    case=case,
                    by=officer,
                    outcome=outcome,
                    text=_REPLIES[outcome],
                    legal_basis=LEGAL_BASES[outcome],
                    at=at,
                )
            else:
                case = services.case_reply(case=case, by=officer, text=_ANSWERS[case.category], at=at)
            case = services.case_record_delivery(
                case=case, by=officer, method=pick(rng, _DELIVERIES), delivered_on=local_day(at), at=at
            )
        elif step == "rate":
            case = services.case_rate(case=case, rating=pick(rng, _RATINGS), comment="", at=at)
        elif step == "request_review":
            case = services.case_request_review(
                case=case, by=cast.reception, reason="对处理结果不满意，请求复查。", at=at
            )
        elif step == "decide_review" and review_decided_in_town(case):
            case = services.case_decide_review(
                case=case,
                by=cast.petition,
                decision=CaseReview.Decision.UPHELD,
                opinion="经复查，原处理意见认定事实清楚，适用依据正确，予以维持。",
                at=at,
            )
        elif step == "decide_review":
            case = services.case_record_review_decision(
                case=case,
                by=cast.petition,
                body=_DISTRICT_BODY,
                received_on=local_day(at),
                decision=CaseReview.Decision.UPHELD,
                opinion="经复查，原处理意见认定事实清楚，适用依据正确，予以维持。",
                at=at,
            )
        elif step == "close":
            case = services.case_close(case=case, by=officer, at=at)
    return case


_RELIEF_ONLY = {"ask_extension", "approve_extension", "request_review", "decide_review"}


def _rereviewed_before(at) -> Case | None:
    """A case whose re-review was decided before `at`: what a 不再受理 matter repeats, if the demo has one."""
    return (
        Case.objects.filter(reviews__level=CaseReview.Level.REREVIEW, reviews__decided_at__lt=at).order_by("pk").first()
    )
