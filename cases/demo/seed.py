"""Builds the demo town, idempotently: running it twice gives the same counts."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from grids.models import Community, Department, Grid, GridTier, Platform, Role, Town, Zone
from grids.roles import roles_sync
from grids.services import staff_create

from ..models import Case, Category, Channel, Status, Subject
from ..services import PetitionerData, case_change_tier, case_move, case_register
from . import stories, town

DEMO_CASES = 300
BUILDING_GRIDS_PER_COMMUNITY = 3
HALL_CODE = "HALL"


def _upsert(model, lookup: dict, values: dict):
    obj, _created = model.objects.update_or_create(**lookup, defaults=values)
    return obj


def _structure() -> None:
    code, name, name_en = town.TOWN
    the_town = _upsert(Town, {"code": code}, {"name": name, "name_en": name_en})
    for order, (code, name, name_en) in enumerate(town.ZONES):
        _upsert(Zone, {"code": code}, {"name": name, "name_en": name_en, "town": the_town, "sort_order": order})
    zones = {z.code: z for z in Zone.objects.all()}
    for zone_code, code, name, name_en, kind in town.COMMUNITIES:
        _upsert(Community, {"code": code}, {"name": name, "name_en": name_en, "kind": kind, "zone": zones[zone_code]})
    for code, level, name, name_en, days in town.TIERS:
        _upsert(GridTier, {"code": code}, {"level": level, "name": name, "name_en": name_en, "target_days": days})
    for order, (code, name, name_en) in enumerate(town.DEPARTMENTS):
        _upsert(Department, {"code": code}, {"name": name, "name_en": name_en, "sort_order": order})
    departments = {d.code: d for d in Department.objects.all()}
    for order, (code, name, name_en, dept) in enumerate(town.SUBJECTS):
        _upsert(
            Subject,
            {"code": code},
            {"name": name, "name_en": name_en, "default_department": departments[dept], "sort_order": order},
        )
    _grids()
    _platforms(departments)


def _grids() -> None:
    tiers = {t.code: t for t in GridTier.objects.all()}
    town_grid = _upsert(
        Grid, {"code": "town"}, {"name": "颛桥镇大网格", "name_en": "Zhuanqiao town grid", "tier": tiers["town"]}
    )
    for community in Community.objects.all():
        mid = _upsert(
            Grid,
            {"code": f"{community.code}"},
            {
                "name": f"{community.name}中网格",
                "name_en": f"{community.name_en} grid",
                "tier": tiers["community"],
                "parent": town_grid,
                "community": community,
            },
        )
        for n in range(1, BUILDING_GRIDS_PER_COMMUNITY + 1):
            _upsert(
                Grid,
                {"code": f"{community.code}-{n}"},
                {
                    "name": f"{community.name}第{n}小网格",
                    "name_en": f"{community.name_en} building grid {n}",
                    "tier": tiers["building"],
                    "parent": mid,
                    "community": community,
                },
            )


def _platforms(departments: dict) -> None:
    """One hall and 67 platforms: one per department, one per community, the rest at service stations."""
    _upsert(
        Platform,
        {"code": HALL_CODE},
        {"name": "颛桥镇信访服务接待大厅", "name_en": "Zhuanqiao Petition Reception Hall", "kind": Platform.Kind.HALL},
    )
    for n, dept in enumerate(departments.values(), start=1):
        _upsert(
            Platform,
            {"code": f"D{n:02d}"},
            {
                "name": f"{dept.name}信访平台",
                "name_en": f"{dept.name_en} petition platform",
                "kind": Platform.Kind.DEPARTMENT,
                "department": dept,
            },
        )
    communities = list(Community.objects.order_by("pk"))
    for n in range(1, 67 - len(departments) + 1):
        community = communities[(n - 1) % len(communities)]
        station = n > len(communities)
        _upsert(
            Platform,
            {"code": f"C{n:02d}"},
            {
                "name": f"{community.name}{'党群服务站' if station else ''}信访平台",
                "name_en": f"{community.name_en}{' service station' if station else ''} petition platform",
                "kind": Platform.Kind.COMMUNITY,
                "community": community,
            },
        )


def _staff() -> list[tuple[str, str]]:
    roles_sync()
    user_model = get_user_model()
    departments = {d.code: d for d in Department.objects.all()}
    hall = Platform.objects.get(code=HALL_CODE)
    logins = []
    for username, role, full_name, dept, community_code in town.DEMO_STAFF:
        logins.append((username, role))
        if user_model.objects.filter(username=username).exists():
            continue
        community = Community.objects.get(code=community_code) if community_code else None
        grid = Grid.objects.get(code=community_code) if role == Role.GRID_WORKER else None
        staff_create(
            username=username,
            password=town.DEMO_PASSWORD,
            role=role,
            full_name=full_name,
            department=departments[dept] if dept else None,
            community=community,
            grid=grid,
            platform=hall if role in (Role.RECEPTION, Role.PETITION_OFFICE) else None,
        )
    return logins


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


# How far along a demo case is: the status path it walked.
_PATHS = [
    ([], 0.12),
    ([Status.ASSIGNED], 0.10),
    ([Status.ASSIGNED, Status.IN_PROGRESS], 0.22),
    ([Status.ASSIGNED, Status.IN_PROGRESS, Status.REPLIED], 0.10),
    ([Status.ASSIGNED, Status.IN_PROGRESS, Status.REPLIED, Status.CLOSED], 0.36),
    ([Status.NOT_ACCEPTED], 0.07),
    ([Status.NOT_ACCEPTED_AGAIN], 0.03),
]
_PREVIOUS = {
    Status.ASSIGNED: [Status.REGISTERED],
    Status.IN_PROGRESS: [Status.ASSIGNED],
    Status.REPLIED: [Status.IN_PROGRESS],
    Status.CLOSED: [Status.REPLIED],
    Status.NOT_ACCEPTED: [Status.REGISTERED],
    Status.NOT_ACCEPTED_AGAIN: [Status.REGISTERED],
}
_CHANNELS = [
    (Channel.VISIT, 0.35),
    (Channel.WEB, 0.2),
    (Channel.PHONE, 0.2),
    (Channel.LETTER, 0.1),
    (Channel.PATROL, 0.1),
    (Channel.SCREENING, 0.05),
]


def _pick(rng: random.Random, weighted: list) -> object:
    return rng.choices([v for v, _w in weighted], weights=[w for _v, w in weighted])[0]


def _walk(case: Case, path: list[str], by, rng: random.Random) -> None:
    """Move a demo case along its status path with plausible, increasing dates."""
    at = case.received_at
    now = timezone.now()
    for status in path:
        at = min(at + timedelta(days=rng.uniform(0.5, 12)), now)
        changes = {}
        if status == Status.ASSIGNED and case.subject_id:
            changes["lead_department_id"] = case.subject.default_department_id
        case = case_move(case=case, by=by, to_status=status, allowed_from=_PREVIOUS[status], at=at, note="", **changes)


def _cases(seed: int) -> int:
    created = 0
    user_model = get_user_model()
    reception = user_model.objects.get(username="reception")
    petition = user_model.objects.get(username="petition")
    subjects = {s.code: s for s in Subject.objects.select_related("default_department")}
    communities = list(Community.objects.select_related("zone").order_by("pk"))
    grids_of = {}
    for grid in Grid.objects.filter(tier__code=GridTier.BUILDING).select_related("tier"):
        grids_of.setdefault(grid.community_id, []).append(grid)
    hall = Platform.objects.get(code=HALL_CODE)
    platforms = list(Platform.objects.exclude(code=HALL_CODE).order_by("pk"))
    now = timezone.now()
    rng = random.Random(seed)
    regulars = [_person(rng) for _ in range(12)]  # people who come back: repeat petitions

    created += _article_cases(reception, petition, subjects, hall, now)
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
        received_at = now - timedelta(days=rng.uniform(0, 365), minutes=rng.randint(0, 600))
        is_group = rng.random() < 0.05
        people = [_person(rng) for _ in range(rng.randint(2, 5))] if is_group else []
        if not is_group:
            people = [rng.choice(regulars) if rng.random() < 0.15 else _person(rng)]
        anonymous = channel == Channel.WEB and rng.random() < 0.2
        if anonymous:
            people = []
        path = _pick(rng, _PATHS)
        is_misconduct = rng.random() < 0.05
        category = (
            Category.MISCONDUCT if is_misconduct else _pick(rng, [(Category.RELIEF, 0.8), (Category.SUGGESTION, 0.2)])
        )
        with transaction.atomic():
            case = case_register(
                by=None if channel == Channel.WEB else reception,
                channel=channel,
                platform=rng.choice(platforms) if channel == Channel.WEB else hall,
                what_happened=what.format(place=community.name),
                request=ask,
                petitioners=people,
                category=category,
                accused_department=subject.default_department if is_misconduct else None,
                subject=subject,
                community=community,
                grid=grid,
                address=f"{rng.choice(stories.STREETS)}{rng.randint(1, 999)}弄",
                is_group_visit=is_group,
                headcount=rng.randint(max(len(people), 5), 30) if is_group else 1,
                is_anonymous=anonymous,
                contact_phone="" if not anonymous else f"137{rng.randint(0, 99999999):08d}",
                received_at=received_at,
                tracking_pin="123456" if anonymous else "",
                submission_key=key,
            )
            _walk(case, path, petition, rng)
        created += 1
    return created


def _article_cases(reception, petition, subjects: dict, hall: Platform, now) -> int:
    created = 0
    tiers = dict(GridTier.objects.values_list("code", "level"))
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
                by=reception,
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
            _walk(case, [Status.ASSIGNED, Status.IN_PROGRESS], petition, rng)
            case.refresh_from_db()
            for tier in GridTier.objects.filter(level__gt=case.tier.level, level__lte=tiers[final_tier]).order_by(
                "level"
            ):
                case = case_change_tier(
                    case=case,
                    by=petition,
                    to_tier=tier,
                    reason=story["escalation_reason"],
                    at=case.received_at + timedelta(days=3 * tier.level),
                )
            _walk(case, [Status.REPLIED, Status.CLOSED], petition, rng)
        created += 1
    return created


def seed_demo(*, seed: int = 2026) -> dict:
    """Build or complete the demo town. Returns the counts a person would check."""
    with transaction.atomic():
        _structure()
        logins = _staff()
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
