"""factory_boy factories for a small town. Cases are made through the registration service."""

import factory
from django.utils import timezone

from cases.models import Channel, Subject
from cases.services import PetitionerData, case_register
from grids.models import Community, Department, Grid, GridTier, Platform, Role, Town, Zone
from grids.services import staff_create

TIER_LEVELS = {GridTier.BUILDING: 1, GridTier.COMMUNITY: 2, GridTier.TOWN: 3}


def tier(code: str) -> GridTier:
    obj, _ = GridTier.objects.get_or_create(code=code, defaults={"level": TIER_LEVELS[code], "name": code})
    return obj


def all_tiers() -> dict[str, GridTier]:
    return {code: tier(code) for code in TIER_LEVELS}


class TownFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Town
        django_get_or_create = ("code",)

    code = "zhuanqiao"
    name = "颛桥镇"


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone

    town = factory.SubFactory(TownFactory)
    code = factory.Sequence(lambda n: f"zone{n}")
    name = factory.Sequence(lambda n: f"片区{n}")


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    zone = factory.SubFactory(ZoneFactory)
    code = factory.Sequence(lambda n: f"community{n}")
    name = factory.Sequence(lambda n: f"居委{n}")


class GridFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grid

    code = factory.Sequence(lambda n: f"grid{n}")
    name = factory.Sequence(lambda n: f"网格{n}")
    tier = factory.LazyFunction(lambda: tier(GridTier.BUILDING))
    community = factory.SubFactory(CommunityFactory)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.Sequence(lambda n: f"部门{n}")


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform
        django_get_or_create = ("code",)

    code = "HALL"
    name = "接待大厅"
    kind = Platform.Kind.HALL


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"subject{n}")
    name = factory.Sequence(lambda n: f"事项{n}")


def make_staff(role: str = Role.RECEPTION, username: str | None = None, **places):
    make_staff.counter += 1
    return staff_create(
        username=username or f"{role}{make_staff.counter}", password="a-long-test-pass", role=role, **places
    )


make_staff.counter = 0


def make_case(**overrides):
    """A registered case with sensible defaults; any registration field can be overridden."""
    all_tiers()
    fields = {
        "by": None,
        "channel": Channel.VISIT,
        "platform": PlatformFactory(),
        "what_happened": "楼上漏水",
        "request": "请求维修",
        "petitioners": [PetitionerData(name="张三", phone="13900000000")],
        "received_at": timezone.now(),
    }
    fields.update(overrides)
    return case_register(**fields)


def bulk_cases(n: int, *, tier: GridTier, platform: Platform | None = None, **fields) -> list:
    """n cases in one INSERT, for measuring pages at scale (no events: a page must not need them per row)."""
    from cases.models import Case, Status

    platform = platform or PlatformFactory()
    now = timezone.now()
    defaults = {
        "channel": Channel.VISIT,
        "status": Status.IN_PROGRESS,
        "what_happened": "楼道堆物",
        "request": "请求清理",
        "received_at": now,
        "tier_entered_at": now,
        "due_on": timezone.localdate(now),
    }
    defaults.update(fields)
    first = bulk_cases.counter
    bulk_cases.counter += n
    return Case.objects.bulk_create(
        Case(tracking_code=f"BULK{first + i:08d}", platform=platform, tier=tier, **defaults) for i in range(n)
    )


bulk_cases.counter = 0
