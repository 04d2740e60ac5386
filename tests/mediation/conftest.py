from datetime import date

import pytest

from grids.models import Role
from mediation.models import Committee, Consent, Mediator, Origin
from mediation.services import agreement_draft, agreement_sign, consent_record, mediation_open

from ..factories import make_staff


@pytest.fixture
def committees(town):
    yinyi = Committee.objects.create(
        name="银一居委人民调解委员会", level="community", community=town["community_a"], term_starts_on=date(2024, 1, 1)
    )
    beiqiao = Committee.objects.create(
        name="北桥居委人民调解委员会", level="community", community=town["community_b"], term_starts_on=date(2024, 1, 1)
    )
    town_committee = Committee.objects.create(
        name="颛桥镇人民调解委员会", level="town", term_starts_on=date(2024, 1, 1)
    )
    return {"yinyi": yinyi, "beiqiao": beiqiao, "town": town_committee}


@pytest.fixture
def people(town, committees):
    """A mediator and community staff of each community, a mediator of the town's committee, the office."""
    mediator = make_staff(Role.MEDIATOR, community=town["community_a"])
    outsider = make_staff(Role.MEDIATOR, community=town["community_b"])
    town_mediator = make_staff(Role.MEDIATOR)
    Mediator.objects.create(committee=committees["yinyi"], name="赵敏", user=mediator, is_chair=True)
    Mediator.objects.create(committee=committees["beiqiao"], name="钱北", user=outsider, is_chair=True)
    Mediator.objects.create(committee=committees["town"], name="孙镇", user=town_mediator, is_chair=True)
    return {
        "mediator": mediator,
        "colleague": make_staff(Role.COMMUNITY_STAFF, community=town["community_a"]),
        "outsider": outsider,
        "outsider_staff": make_staff(Role.COMMUNITY_STAFF, community=town["community_b"]),
        "town_mediator": town_mediator,
        "office": make_staff(Role.PETITION_OFFICE),
        "reception": make_staff(Role.RECEPTION, platform=town["hall"]),
    }


def open_mediation(committee, by=None, **overrides):
    fields = {
        "by": by,
        "committee": committee,
        "origin": Origin.APPLICATION,
        "dispute_type": "neighbours",
        "subject": "水泵房上的鸽棚",
        "parties": [{"name": "王阿姨", "phone": "13900000001"}, {"name": "李先生", "phone": "13900000002"}],
    }
    fields.update(overrides)
    return mediation_open(**fields)


def under_way(committee, by=None):
    mediation = open_mediation(committee, by=by)
    for party in mediation.parties.all():
        consent_record(mediation=mediation, party=party, by=by, consent=Consent.GIVEN)
    return mediation


WRITTEN = {
    "main_facts": "李先生在水泵房顶搭建鸽棚，鸽粪羽毛影响邻居。",
    "points_in_dispute": "鸽棚是否拆除。",
    "responsibilities": "李先生承担拆除责任。",
    "performance": "李先生于约定日期前自行拆除。",
}


def written_agreement(mediation, *, reached_on=date(2026, 3, 2), due_on=date(2026, 3, 20), by=None):
    obligor = mediation.parties.order_by("position").last()
    return agreement_draft(
        mediation=mediation,
        by=by,
        form="written",
        reached_on=reached_on,
        terms=[{"text": "拆除鸽棚", "obligor": obligor, "due_on": due_on}],
        **WRITTEN,
    )


def sign_all(agreement, day, by=None):
    for party in agreement.mediation.parties.all():
        agreement_sign(agreement=agreement, by=by, signer="party", party=party, signed_on=day)
    agreement_sign(agreement=agreement, by=by, signer="mediator", mediator_name="赵敏", signed_on=day)
    agreement_sign(agreement=agreement, by=by, signer="seal", signed_on=day)
    return agreement
