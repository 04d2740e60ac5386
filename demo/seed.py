"""Builds the demo town, idempotently: running it twice gives the same counts."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cases import services
from cases.clock import local_day
from cases.models import (
    Case,
    Category,
    Channel,
    DeliveryMethod,
    Outcome,
    Satisfaction,
    Subject,
)
from cases.services import PetitionerData, case_register
from grids.models import Community, Department, Grid, GridTier, Platform, Zone
from mediation.models import Mediation
from notifications.services import resident_messages_muted

from . import prevention, stories
from .interfaces import build_open311
from .mediations import seed_mediations
from .structure import HALL_CODE, build_staff, build_structure
from .walk import LEGAL_BASES, Cast, lead_for, pick, walk

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


def _accused(subject: Subject, cast: Cast) -> Department:
    # The petition office triages: a report against it would need the discipline body, not this demo.
    dept = subject.default_department
    return dept if dept.code != "petition" else cast.departments["city-ops"]


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
    cast = Cast()
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
        channel = pick(rng, _CHANNELS)
        subject = subjects[rng.choice(list(stories.STORIES))]
        community = rng.choice(communities)
        grid = rng.choice(grids_of[community.pk]) if rng.random() < 0.6 else None
        what, ask = rng.choice(stories.STORIES[subject.code])
        path = pick(rng, _PATHS)
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
            Category.MISCONDUCT if is_misconduct else pick(rng, [(Category.RELIEF, 0.8), (Category.SUGGESTION, 0.2)])
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
            walk(case, schedule, cast, rng)
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


def _article_cases(cast: Cast, subjects: dict, hall: Platform, now) -> int:
    """The article's two cases: resolved at the community and at the town, each after escalation."""
    created = 0
    for key, story, days_ago, final_tier in (
        ("demo-article-pigeon", stories.PIGEON_CASE, 40, GridTier.COMMUNITY),
        ("demo-article-post-office", stories.POST_OFFICE_CASE, 75, GridTier.TOWN),
    ):
        if Case.objects.filter(submission_key=key).exists():
            continue
        if story is stories.POST_OFFICE_CASE and prevention.post_office_case_exists():
            continue
        community = Community.objects.get(code=story["community"])
        name, sex, phone = story["petitioner"]
        with transaction.atomic():
            # 佘老伯's case was found on a door-to-door visit and opened from it.
            case = (
                prevention.post_office_case(
                    story=story,
                    cast=cast,
                    subject=subjects[story["subject"]],
                    received_at=now - timedelta(days=days_ago),
                )
                if story is stories.POST_OFFICE_CASE
                else case_register(
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
            )
            rng = random.Random(key)
            case = walk(case, [("route", 1), ("sign", 1)], cast, rng)
            officer = cast.officers[lead_for(case, cast).code]
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
                legal_basis=LEGAL_BASES[Outcome.UPHELD],
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
        open311_key = build_open311()
    with resident_messages_muted():
        created = _cases(seed)
        mediations = seed_mediations()
        prevention.seed_prevention()
    return {
        "zones": Zone.objects.count(),
        "communities": Community.objects.count(),
        "departments": Department.objects.count(),
        "platforms": Platform.objects.count(),
        "grids": Grid.objects.count(),
        "cases": Case.objects.count(),
        "cases_created": created,
        "mediations": Mediation.objects.count(),
        "mediations_created": mediations,
        "logins": logins,
        "open311_key": open311_key,
    }
