"""Builds the demo town, idempotently: running it twice gives the same counts."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cases import services
from cases.clock import local_day
from cases.models import (
    Case,
    CaseReview,
    Category,
    Channel,
    DeliveryMethod,
    NotAcceptedReason,
    Outcome,
    Satisfaction,
    Subject,
)
from cases.policy import accuses
from cases.rules import review_decided_in_town
from cases.services import PetitionerData, case_register
from grids.models import Community, Department, Grid, GridTier, Platform, Role, StaffProfile, Zone
from notifications.services import resident_messages_muted

from . import stories
from .structure import HALL_CODE, build_staff, build_structure

DEMO_CASES = 300


def _fake_id_number(rng: random.Random) -> str:
    return f"310112{rng.randint(1940, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 9999):04d}"


def _person(rng: random.Random) -> PetitionerData:
    return PetitionerData(
        name=rng.choice(stories.SURNAMES) + rng.choice(stories.GIVEN),
        sex=rng.choice(["male", "female"]),
        phone=f"139{rng.randint(0, 99999999):08d}",
        id_number=_fake_id_number(rng) if rng.random() < 0.7 else "",
        address=f"{rng.choice(stories.STREETS)}{rng.randint(1, 999)}弄{rng.randint(1, 30)}号",
    )


# How far along a demo case is, and how likely: the steps it walked through the handling services.
_PATHS = [
    ("registered", 0.10),
    ("assigned", 0.08),
    ("in_progress", 0.22),
    ("replied", 0.09),
    ("under_review", 0.02),
    ("closed", 0.39),
    ("not_accepted", 0.07),
    ("not_accepted_again", 0.03),
]
_CHANNELS = [
    (Channel.VISIT, 0.35),
    (Channel.WEB, 0.2),
    (Channel.PHONE, 0.2),
    (Channel.LETTER, 0.1),
    (Channel.PATROL, 0.07),
    (Channel.SCREENING, 0.05),
    (Channel.HOTLINE, 0.02),
    (Channel.HIGHER_LEVEL, 0.01),
]
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
_LEGAL_BASES = {
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


def _pick(rng: random.Random, weighted: list) -> object:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


class _Cast:
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


def _schedule(rng: random.Random, path: str) -> list[tuple[str, float]]:
    """The steps of a path and the days each takes after the one before: mostly in time, sometimes late."""
    if path == "registered":
        return []
    if path in ("not_accepted", "not_accepted_again"):
        return [(path, rng.uniform(0.2, 8))]
    steps = [("route", rng.uniform(0.2, 9 if rng.random() < 0.9 else 20))]
    if path == "assigned":
        return steps
    steps.append(("sign", rng.uniform(0.2, 6)))
    if rng.random() < 0.25:
        steps.append(("escalate", rng.uniform(2, 12)))
    if rng.random() < 0.25:
        steps += [("ask_extension", rng.uniform(25, 50)), ("approve_extension", rng.uniform(0.5, 3))]
    if rng.random() < 0.5:
        steps.append(("note", rng.uniform(1, 10)))
    if path == "in_progress":
        return steps
    late = rng.random() < 0.06
    steps.append(("reply", rng.uniform(3, 20) if not late else rng.uniform(20, 40)))
    if path == "replied":
        return steps + ([("rate", rng.uniform(0.5, 5))] if rng.random() < 0.6 else [])
    if path == "under_review":
        return [*steps, ("request_review", rng.uniform(3, 20))]
    if rng.random() < 0.8:
        steps.append(("rate", rng.uniform(0.5, 5)))
    if rng.random() < 0.08:
        steps += [("request_review", rng.uniform(2, 20)), ("decide_review", rng.uniform(5, 25))]
    return [*steps, ("close", rng.uniform(0.5, 10))]


# How far back an open case's last step may lie: queues show mostly recent work, a few cases late.
_OPEN_SPREAD = {"registered": 16, "assigned": 8, "in_progress": 30, "replied": 20, "under_review": 10}


def _received_at(rng: random.Random, path: str, schedule: list, now):
    """Far enough back for every step to have happened; open cases recent, finished ones spread over the year."""
    needed = sum(days for _step, days in schedule)
    spread = _OPEN_SPREAD.get(path)
    if spread is None:
        slack = rng.uniform(0, max(365 - needed, 0))
    else:
        slack = rng.uniform(0, spread) + (rng.uniform(20, 60) if rng.random() < 0.08 else 0)
    return now - timedelta(days=needed + slack, minutes=rng.randint(0, 600))


def _accused(subject: Subject, cast: _Cast) -> Department:
    # The petition office triages: a report against it would need the discipline body, not this demo.
    dept = subject.default_department
    return dept if dept.code != "petition" else cast.departments["city-ops"]


def _lead_for(case: Case, cast: _Cast) -> Department:
    lead = case.subject.default_department if case.subject_id else cast.departments["petition"]
    if accuses(case, department_id=lead.pk):
        # A report of misconduct never goes to the department it accuses.
        lead = cast.departments["petition"]
    return lead


def _walk(case: Case, schedule: list, cast: _Cast, rng: random.Random, *, escalate_to: str = "") -> Case:
    """Move a demo case along its steps through the real services, each at a plausible moment."""
    at = case.received_at
    lead = _lead_for(case, cast)
    officer, head = cast.officers[lead.code], cast.heads[lead.code]
    for step, days in schedule:
        at = at + timedelta(days=days)
        if case.category != Category.RELIEF and step in _RELIEF_ONLY:
            # Only a request for relief has the clock's extension and reviews.
            continue
        if step in ("not_accepted", "not_accepted_again"):
            repeated = _rereviewed_before(at) if step == "not_accepted_again" else None
            reason = NotAcceptedReason.REREVIEWED if repeated else _pick(rng, _NOT_ACCEPTED)
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
                outcome = _pick(rng, _OUTCOMES)
                case = services.case_reply(
                    case=case,
                    by=officer,
                    outcome=outcome,
                    text=_REPLIES[outcome],
                    legal_basis=_LEGAL_BASES[outcome],
                    at=at,
                )
            else:
                case = services.case_reply(case=case, by=officer, text=_ANSWERS[case.category], at=at)
            case = services.case_record_delivery(
                case=case, by=officer, method=_pick(rng, _DELIVERIES), delivered_on=local_day(at), at=at
            )
        elif step == "rate":
            case = services.case_rate(case=case, rating=_pick(rng, _RATINGS), comment="", at=at)
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


def _earlier_case(person: PetitionerData, subject: Subject, received_at) -> Case | None:
    """The same person's earlier case on the same subject, if the demo made one already (cases are not
    generated in date order, so some returns find none and stay first visits)."""
    return (
        Case.objects.filter(
            case_petitioners__petitioner__phone=person.phone,
            case_petitioners__petitioner__name=person.name,
            subject=subject,
            received_at__lt=received_at,
        )
        .order_by("received_at")
        .first()
    )


def _cases(seed: int) -> int:
    created = 0
    subjects = {s.code: s for s in Subject.objects.select_related("default_department")}
    communities = list(Community.objects.select_related("zone").order_by("pk"))
    grids_of = {}
    for grid in Grid.objects.filter(tier__code=GridTier.BUILDING).select_related("tier"):
        grids_of.setdefault(grid.community_id, []).append(grid)
    hall = Platform.objects.get(code=HALL_CODE)
    platforms = list(Platform.objects.exclude(code=HALL_CODE).order_by("pk"))
    cast = _Cast()
    now = timezone.now()
    rng = random.Random(seed)
    # People who come back about their one grievance: repeat petitions. The first comes most often,
    # so the dashboard's early warning (3 or more cases in 90 days) has someone to show.
    regulars = [(_person(rng), rng.choice(list(stories.STORIES))) for _ in range(12)]
    regular_weights = [6] + [1] * (len(regulars) - 1)

    created += _article_cases(cast, subjects, hall, now)
    for i in range(DEMO_CASES - 2):
        key = f"demo-{i:04d}"
        if Case.objects.filter(submission_key=key).exists():
            continue
        # One generator per case, so a half-finished earlier run completes with the same cases.
        rng = random.Random(f"{seed}-{key}")
        channel = _pick(rng, _CHANNELS)
        subject = subjects[rng.choice(list(stories.STORIES))]
        community = rng.choice(communities)
        grid = rng.choice(grids_of[community.pk]) if rng.random() < 0.6 else None
        what, ask = rng.choice(stories.STORIES[subject.code])
        path = _pick(rng, _PATHS)
        schedule = _schedule(rng, path)
        received_at = _received_at(rng, path, schedule, now)
        is_group = rng.random() < 0.05
        people = [_person(rng) for _ in range(rng.randint(2, 5))] if is_group else []
        repeat_of = None
        if not is_group:
            regular = rng.choices(regulars, weights=regular_weights)[0] if rng.random() < 0.15 else None
            people = [regular[0] if regular else _person(rng)]
            if regular:
                subject = subjects[regular[1]]
                what, ask = rng.choice(stories.STORIES[subject.code])
                repeat_of = _earlier_case(regular[0], subject, received_at)
        anonymous = channel == Channel.WEB and rng.random() < 0.2 and repeat_of is None
        if anonymous:
            people = []
        is_misconduct = rng.random() < 0.05
        # A few went over the town's head first (越级): the dashboard's "left the town".
        level_skipping = rng.random() < 0.03
        category = (
            Category.MISCONDUCT if is_misconduct else _pick(rng, [(Category.RELIEF, 0.8), (Category.SUGGESTION, 0.2)])
        )
        with transaction.atomic():
            case = case_register(
                by=None if channel == Channel.WEB else cast.reception,
                channel=channel,
                platform=rng.choice(platforms) if channel == Channel.WEB else hall,
                what_happened=what.format(place=community.name),
                request=ask,
                petitioners=people,
                category=category,
                accused_department=_accused(subject, cast) if is_misconduct else None,
                subject=subject,
                community=community,
                grid=grid,
                address=f"{rng.choice(stories.STREETS)}{rng.randint(1, 999)}弄",
                is_group_visit=is_group,
                is_level_skipping=level_skipping,
                headcount=rng.randint(max(len(people), 5), 30) if is_group else 1,
                is_anonymous=anonymous,
                contact_phone="" if not anonymous else f"137{rng.randint(0, 99999999):08d}",
                received_at=received_at,
                tracking_pin="123456" if anonymous else "",
                submission_key=key,
                # As the counter does: the office keeps the full number of those it registers itself.
                keep_id_number=channel != Channel.WEB,
                repeat_of=repeat_of,
                handover_number=_handover_number(channel, received_at, i),
            )
            _walk(case, schedule, cast, rng)
        created += 1
    return created


def _handover_number(channel: str, received_at, i: int) -> str:
    """The hotline's work-order or the higher level's document number, as such hand-overs carry."""
    if channel == Channel.HOTLINE:
        return f"{received_at:%Y%m%d}{i:05d}"
    if channel == Channel.HIGHER_LEVEL:
        return f"闵信交〔{received_at:%Y}〕{i % 97 + 1}号"
    return ""


_ARTICLE_REPLIES = {
    "demo-article-pigeon": (
        "经信访干部、信访代理员、执法队员、调解员和网格员多次联合上门，向当事人说明鸽棚属违法搭建、"
        "影响邻里生活，当事人已同意并自行拆除鸽棚，水泵房顶已恢复原状。"
    ),
    "demo-article-post-office": (
        "经镇信访办联系邮政部门并会同相关部门协调，附近邮局已恢复线下水电煤缴费业务，"
        "工作人员已上门告知佘老伯，并协助其完成了本月缴费。"
    ),
}


def _article_cases(cast: _Cast, subjects: dict, hall: Platform, now) -> int:
    """The article's two cases: resolved at the community and at the town, each after escalation."""
    created = 0
    for key, story, days_ago, final_tier in (
        ("demo-article-pigeon", stories.PIGEON_CASE, 40, GridTier.COMMUNITY),
        ("demo-article-post-office", stories.POST_OFFICE_CASE, 75, GridTier.TOWN),
    ):
        if Case.objects.filter(submission_key=key).exists():
            continue
        community = Community.objects.get(code=story["community"])
        name, sex, phone = story["petitioner"]
        with transaction.atomic():
            case = case_register(
                by=cast.reception,
                channel=Channel.VISIT,
                platform=hall,
                what_happened=story["what_happened"],
                request=story["request"],
                petitioners=[PetitionerData(name=name, sex=sex, phone=phone)],
                subject=subjects[story["subject"]],
                community=community,
                grid=Grid.objects.get(code=f"{community.code}-1"),
                received_at=now - timedelta(days=days_ago),
                submission_key=key,
            )
            rng = random.Random(key)
            case = _walk(case, [("route", 1), ("sign", 1)], cast, rng)
            officer = cast.officers[_lead_for(case, cast).code]
            at = case.accepted_at
            final_level = GridTier.objects.get(code=final_tier).level
            for tier in GridTier.objects.filter(level__gt=case.tier.level, level__lte=final_level).order_by("level"):
                at += timedelta(days=3)
                case = services.case_move_tier(
                    case=case, by=officer, to_tier=tier, reason=story["escalation_reason"], at=at
                )
            case = services.case_add_note(
                case=case,
                by=officer,
                text="多部门联合上门走访，反复做工作，当事人已同意。",
                is_public=True,
                at=at + timedelta(days=5),
            )
            case = services.case_reply(
                case=case,
                by=officer,
                outcome=Outcome.UPHELD,
                text=_ARTICLE_REPLIES[key],
                legal_basis=_LEGAL_BASES[Outcome.UPHELD],
                at=at + timedelta(days=12),
            )
            case = services.case_record_delivery(
                case=case,
                by=officer,
                method=DeliveryMethod.IN_PERSON,
                delivered_on=local_day(at + timedelta(days=12)),
                at=at + timedelta(days=12),
            )
            case = services.case_rate(
                case=case, rating=Satisfaction.SATISFIED, comment="感谢！", at=at + timedelta(days=13)
            )
            services.case_close(case=case, by=officer, at=at + timedelta(days=14))
        created += 1
    return created


def seed_demo(*, seed: int = 2026) -> dict:
    """Build or complete the demo town. Returns the counts a person would check."""
    with transaction.atomic():
        build_structure()
        logins = build_staff()
    with resident_messages_muted():
        created = _cases(seed)
    return {
        "zones": Zone.objects.count(),
        "communities": Community.objects.count(),
        "departments": Department.objects.count(),
        "platforms": Platform.objects.count(),
        "grids": Grid.objects.count(),
        "cases": Case.objects.count(),
        "cases_created": created,
        "logins": logins,
    }
