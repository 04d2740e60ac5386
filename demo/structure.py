"""The demo town's structure: its zones, communities, grids in three tiers, departments, platforms and logins."""

from django.contrib.auth import get_user_model

from cases.models import Subject
from grids.models import Community, Department, Grid, GridTier, Platform, Role, StaffProfile, Town, Zone
from grids.roles import roles_sync
from grids.services import staff_create

from . import town

BUILDING_GRIDS_PER_COMMUNITY = 3
HALL_CODE = "HALL"


def _upsert(model, lookup: dict, values: dict):
    obj, _created = model.objects.update_or_create(**lookup, defaults=values)
    return obj


def build_structure() -> None:
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
        _upsert(
            Department,
            {"code": code},
            {
                "name": name,
                "name_en": name_en,
                "sort_order": order,
                "is_district_station": code in town.DISTRICT_STATIONS,
            },
        )
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


def build_staff() -> list[tuple[str, str]]:
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
    # Every department has someone to handle its cases and a head to approve extensions, so each
    # demo case is walked by people entitled to each step.
    for dept in departments.values():
        for role, suffix, title in (
            (Role.DEPARTMENT_OFFICER, "officer", "承办人"),
            (Role.DEPARTMENT_HEAD, "head", "负责人"),
        ):
            if StaffProfile.objects.filter(department=dept, role=role).exists():
                continue
            username = f"{dept.code}-{suffix}"
            logins.append((username, role))
            staff_create(
                username=username,
                password=town.DEMO_PASSWORD,
                role=role,
                full_name=f"{dept.name}{title}",
                department=dept,
            )
    return logins
