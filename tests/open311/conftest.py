"""An Open311 client's view of the demo-like town: subjects as services, one with extra fields, an API key."""

import pytest

from open311.models import ApiKey, CommunityPoint, ServiceAttribute, new_api_key
from tests.factories import SubjectFactory


@pytest.fixture
def services(town):
    """Two subjects: noise (no extra fields) and illegal building (asks which floor and since when)."""
    noise = SubjectFactory(
        code="noise", name="噪声扰民", name_en="Noise", sort_order=1, default_department=town["dept_a"]
    )
    building = SubjectFactory(
        code="illegal-building",
        name="违法建筑",
        name_en="Illegal building",
        sort_order=2,
        default_department=town["dept_b"],
    )
    ServiceAttribute.objects.create(
        subject=building,
        code="floor",
        datatype=ServiceAttribute.Datatype.SINGLE,
        required=True,
        description="在哪一层",
        order=1,
        values="1=一楼\n2=二楼\nroof=屋顶",
    )
    ServiceAttribute.objects.create(
        subject=building, code="since", datatype=ServiceAttribute.Datatype.DATETIME, description="何时开始", order=2
    )
    CommunityPoint.objects.create(community=town["community_a"], lat="31.050000", long="121.400000")
    return {"noise": noise, "building": building}


@pytest.fixture
def api_key(town):
    raw = new_api_key()
    key = ApiKey(name="随手拍", platform=town["hall"])
    key.set_key(raw)
    key.save()
    key.raw = raw
    return key
