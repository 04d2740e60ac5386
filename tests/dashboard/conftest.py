"""Hand-made cases for the dashboard: every field set on purpose, so each expected number can be worked out by hand."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from cases.models import Case, CasePetitioner, Channel, Petitioner, Status
from dashboard import cube
from grids.models import Role

from ..factories import PlatformFactory, SubjectFactory, make_staff

SHANGHAI = ZoneInfo("Asia/Shanghai")
# "Today" in these tests: a Monday in July; the period most tests look at is June 2026.
TODAY = date(2026, 7, 20)
JUNE = {"period": "custom", "from": "2026-06-01", "to": "2026-06-30"}


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment on a day in Beijing."""
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


class RefreshedClient(Client):
    """As the town runs it: the rollup's refresh task has run since the cases changed (pages never write)."""

    def get(self, *args, **kwargs):
        cube.refresh()
        return super().get(*args, **kwargs)


@pytest.fixture
def client():
    return RefreshedClient()


@pytest.fixture
def plain_client():
    """A client that leaves the rollup as it finds it."""
    return Client()


@pytest.fixture
def today():
    with time_machine.travel(at(TODAY, 9), tick=False):
        yield TODAY


@pytest.fixture
def people(town):
    """Who looks at the dashboard, and who must not."""
    return {
        "leader": make_staff(Role.TOWN_LEADER, username="leader"),
        "office": make_staff(Role.PETITION_OFFICE, username="office", department=town["dept_b"]),
        "head": make_staff(Role.DEPARTMENT_HEAD, username="head", department=town["dept_a"]),
        "other_head": make_staff(Role.DEPARTMENT_HEAD, username="other_head", department=town["dept_b"]),
        "officer": make_staff(Role.DEPARTMENT_OFFICER, username="officer", department=town["dept_a"]),
        "grid": make_staff(Role.GRID_WORKER, username="grid", community=town["community_a"], grid=town["grid_a"]),
        "reception": make_staff(Role.RECEPTION, username="clerk", platform=town["hall"]),
        "agent": make_staff(Role.PETITION_AGENT, username="agent"),
    }


class CaseMaker:
    """make(received=date, **fields): a case as the services would leave it, every clock field explicit."""

    def __init__(self, town):
        self.town = town
        self.count = 0
        self.subject = SubjectFactory(code="noise", name="噪声", default_department=town["dept_a"])
        self.web = PlatformFactory(code="Q01", name="银一居委信访平台", kind="community", community=town["community_a"])

    def __call__(self, received: date, status: str = Status.REGISTERED, **fields) -> Case:
        self.count += 1
        tiers = self.town["tiers"]
        defaults = {
            "tracking_code": f"T{self.count:07d}",
            "channel": Channel.VISIT,
            "platform": self.town["hall"],
            "received_at": at(received),
            "what_happened": "楼下饭店油烟扰民",
            "request": "请求处理",
            "tier": tiers["community"],
            "zone": self.town["community_a"].zone,
            "community": self.town["community_a"],
            "subject": self.subject,
            "status": status,
            "transfer_due_on": received + timedelta(days=15),
        }
        defaults.update(fields)
        return Case.objects.create(**defaults)

    def routed(self, received: date, routed: date, **fields) -> Case:
        """Accepted and routed to department A on `routed`; still waiting to be signed for unless fields say."""
        fields.setdefault("status", Status.ASSIGNED)
        fields.setdefault("lead_department", self.town["dept_a"])
        return self(
            received,
            routed_at=at(routed),
            acceptance_due_on=routed + timedelta(days=15),
            **fields,
        )

    def signed(self, received: date, signed: date, **fields) -> Case:
        """Routed the day after receipt, signed for on `signed`; the reply is due 60 days later."""
        fields.setdefault("status", Status.IN_PROGRESS)
        fields.setdefault("reply_due_on", signed + timedelta(days=60))
        return self.routed(received, received + timedelta(days=1), accepted_at=at(signed), **fields)

    def replied(self, received: date, replied: date, **fields) -> Case:
        """Signed for two days after receipt, replied on `replied`."""
        fields.setdefault("status", Status.REPLIED)
        fields.setdefault("resolved_tier", self.town["tiers"]["community"])
        return self.signed(received, received + timedelta(days=2), replied_at=at(replied), **fields)


@pytest.fixture
def make(town):
    return CaseMaker(town)


def link_person(case: Case, person: Petitioner) -> None:
    CasePetitioner.objects.create(case=case, petitioner=person, position=1)
