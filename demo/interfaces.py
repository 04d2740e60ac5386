"""The demo town's Open311 client: one API key on the reception hall, and one subject that asks a question."""

from cases.models import Subject
from grids.models import Platform
from open311.models import ApiKey, ServiceAttribute

from .structure import HALL_CODE

# Like the demo password, this key exists only in the demo data.
DEMO_OPEN311_KEY = "zq311_demo-key-2026"


def build_open311() -> str:
    """The demo key (idempotent: the same key, its hash stored once) and the illegal construction subject's
    question of where the building is. Returns the key, to print with the logins."""
    key = ApiKey.objects.filter(name="演示客户端").first() or ApiKey(name="演示客户端")
    key.platform = Platform.objects.get(code=HALL_CODE)
    key.set_key(DEMO_OPEN311_KEY)
    key.is_active = True
    key.save()
    subject = Subject.objects.filter(code="illegal-construction").first()
    if subject is not None:
        ServiceAttribute.objects.update_or_create(
            subject=subject,
            code="where",
            defaults={
                "datatype": ServiceAttribute.Datatype.SINGLE,
                "required": True,
                "description": "搭建在哪里",
                "order": 1,
                "values": "roof=屋顶\nyard=院子\nbalcony=阳台\nother=其他",
            },
        )
    return DEMO_OPEN311_KEY
