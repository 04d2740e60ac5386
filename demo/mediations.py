"""The demo town's people's mediation: a committee per community and the town's, their mediators, the article's
pigeon-loft mediation at 银一居委 with its multi-party team, and a dozen more of different kinds and outcomes.
Idempotent: a story already told (by its subject) is skipped."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cases.models import Case
from grids.models import Community
from mediation import services
from mediation.models import Committee, Mediation, Mediator, Origin, ParticipantRole
from mediation.reference import ensure_participant_roles

from . import stories

_MEMBER_NAMES = ["周建平", "吴秀英", "郑国华", "孙丽娟", "冯志强"]
_SPECIALITIES = ["邻里纠纷", "婚姻家庭", "物业纠纷", "劳动争议", "房屋租赁"]


def build_committees(today: date) -> int:
    """One committee per community (three members, one chair) and the town's; the `mediator` login chairs
    银一居委's. Returns how many were created."""
    start = date(today.year - 1, 1, 1)
    created = 0
    town, made = Committee.objects.get_or_create(
        level=Committee.Level.TOWN,
        defaults={"name": "颛桥镇人民调解委员会", "term_starts_on": start, "address": "颛桥镇司法所"},
    )
    created += made
    mediators = []
    if made:
        mediators += [
            Mediator(committee=town, name="沈立新", is_chair=True, specialities="疑难复杂纠纷"),
            Mediator(committee=town, name="蒋红梅", specialities="婚姻家庭"),
            Mediator(committee=town, name="韩卫东", specialities="劳动争议"),
            Mediator(committee=town, name="社区律师 许律师", kind=Mediator.Kind.ENGAGED, specialities="法律咨询"),
        ]
    have = set(Committee.objects.filter(community__isnull=False).values_list("community_id", flat=True))
    new = [
        Committee(name=f"{c.name}人民调解委员会", level="community", community=c, term_starts_on=start)
        for c in Community.objects.exclude(pk__in=have)
    ]
    Committee.objects.bulk_create(new)
    created += len(new)
    for committee in Committee.objects.filter(pk__in=[c.pk for c in new]).select_related("community"):
        chair = "赵敏" if committee.community.code == "yinyi" else _MEMBER_NAMES[committee.pk % 5]
        mediators += [
            Mediator(committee=committee, name=chair, is_chair=True, specialities=_SPECIALITIES[0]),
            Mediator(committee=committee, name=_MEMBER_NAMES[(committee.pk + 1) % 5], specialities=_SPECIALITIES[1]),
            Mediator(committee=committee, name=_MEMBER_NAMES[(committee.pk + 2) % 5], specialities=_SPECIALITIES[2]),
        ]
    Mediator.objects.bulk_create(mediators)
    login = get_user_model().objects.filter(username="mediator").first()
    if login is not None:
        Mediator.objects.filter(committee__community__code="yinyi", is_chair=True, user__isnull=True).update(user=login)
    return created


def _role(code: str) -> ParticipantRole:
    return ParticipantRole.objects.get(code=code)


def _open(committee, subject, at, *, parties, dispute_type="neighbours", origin=Origin.APPLICATION, case=None, by=None):
    mediation = services.mediation_open(
        by=by,
        committee=committee,
        origin=origin,
        dispute_type=dispute_type,
        subject=subject,
        parties=[{"name": n, "phone": p} for n, p in parties],
        mediators=list(committee.mediators.all()[:2]),
        case=case,
        at=at,
    )
    return mediation


def _consent_all(mediation, at, by=None):
    for party in mediation.parties.all():
        services.consent_record(mediation=mediation, party=party, by=by, consent="given", at=at)


def _at(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _written(mediation, reached, terms, *, facts, dispute, duty, how, by=None, sign_days=0):
    parties = list(mediation.parties.all())
    agreement = services.agreement_draft(
        mediation=mediation,
        by=by,
        form="written",
        reached_on=reached,
        main_facts=facts,
        points_in_dispute=dispute,
        responsibilities=duty,
        performance=how,
        terms=[{"text": t, "obligor": parties[i], "due_on": reached + timedelta(days=d)} for t, i, d in terms],
        at=_at(reached, 20),
    )
    day = reached + timedelta(days=sign_days)
    for party in parties:
        services.agreement_sign(agreement=agreement, by=by, signer="party", party=party, signed_on=day, at=_at(day, 21))
    name = mediation.mediators.first().name
    services.agreement_sign(
        agreement=agreement, by=by, signer="mediator", mediator_name=name, signed_on=day, at=_at(day, 21)
    )
    services.agreement_sign(agreement=agreement, by=by, signer="seal", signed_on=day, at=_at(day, 21))
    return agreement


def _pigeon(now) -> int:
    subject = "水泵房顶鸽棚拆除调解"
    if Mediation.objects.filter(subject=subject).exists():
        return 0
    case = Case.objects.filter(submission_key="demo-article-pigeon").first()
    committee = Committee.objects.get(community__code="yinyi")
    by = get_user_model().objects.filter(username="mediator").first()
    start = (case.accepted_at + timedelta(days=1)) if case else now - timedelta(days=35)
    name, _sex, phone = stories.PIGEON_CASE["petitioner"]
    with transaction.atomic():
        m = _open(
            committee,
            subject,
            start,
            parties=[(name, phone), ("鸽棚户 顾某", "13901230002")],
            dispute_type="construction",
            origin=Origin.CASE if case else Origin.INITIATIVE,
            case=case,
            by=by,
        )
        _consent_all(m, start + timedelta(hours=2), by=by)
        for role, person in (
            ("petition-officer", "信访办 李强"),
            ("petition-agent", "信访代理员 吴军"),
            ("enforcement", "执法队员 孙磊"),
            ("grid-worker", "网格员 刘洋"),
            ("three-heads", "楼组长 陈阿姨"),
        ):
            services.participant_invite(
                mediation=m, by=by, role=_role(role), name=person, parties_consent=True, at=start + timedelta(hours=3)
            )
        visits = [
            (1, "共同研讨，找准切入口：顾某持有信鸽协会证书，但鸽棚搭在公共水泵房顶，属违法搭建。"),
            (3, "第一次上门：顾某不同意拆除，情绪激动。调解员讲解相关规定，网格员介绍邻居受影响情况。"),
            (6, "第二次上门：执法队员说明违法搭建的处理程序，信访代理员陪同劝导。顾某态度松动。"),
            (9, "第三次上门：顾某被感化，同意拆除鸽棚，信鸽另行寄养到协会鸽舍。"),
        ]
        for days, record in visits:
            services.session_record(
                mediation=m,
                by=by,
                held_on=(start + timedelta(days=days)).date(),
                place="银一居委会议室" if days == 1 else "顾某家中",
                attendees="信访干部、信访代理员、执法队员、调解员、网格员" + ("、当事人顾某" if days > 1 else ""),
                record=record,
                at=start + timedelta(days=days),
            )
        reached = (start + timedelta(days=9)).date()
        agreement = _written(
            m,
            reached,
            [("自行拆除水泵房顶鸽棚，清理鸽粪羽毛", 1, 5), ("信鸽寄养至信鸽协会鸽舍，不再在小区内放飞", 1, 5)],
            facts=stories.PIGEON_CASE["what_happened"],
            dispute="鸽棚是否拆除；信鸽如何安置。",
            duty="顾某在公共水泵房顶搭建鸽棚，应自行拆除并清理；居委协助联系信鸽协会安置信鸽。",
            how="顾某于协议生效后五日内自行拆除鸽棚、寄养信鸽；居委和网格员到场见证。",
            by=by,
        )
        for term in agreement.terms.all():
            services.term_performed(
                term=term, by=by, performed_on=reached + timedelta(days=3), at=_at(reached + timedelta(days=3))
            )
        services.return_visit_record(
            agreement=agreement,
            by=by,
            visited_on=reached + timedelta(days=10),
            visitor="调解员 赵敏、网格员 刘洋",
            finding="鸽棚已拆除，水泵房顶已清理，邻居表示满意。",
            at=_at(reached + timedelta(days=10)),
        )
    return 1


# subject, community code, dispute type, days ago, outcome, parties
_MORE = [
    ("楼上漏水赔偿", "beiqiao", "neighbours", 20, "written", [("王伟", "13900001001"), ("李芳", "13900001002")]),
    (
        "离婚后子女探视安排",
        "zhonggou",
        "family",
        50,
        "written_late",
        [("张静", "13900001003"), ("刘强", "13900001004")],
    ),
    ("物业停车费上涨", "yinyi", "property", 30, "confirmed", [("业主 陈磊", "13900001005"), ("物业公司", "")]),
    ("装修噪音扰民", "guanghua", "neighbours", 12, "oral", [("杨洋", "13900001006"), ("黄勇", "13900001007")]),
    (
        "拖欠装修工人工资",
        "lianjian",
        "labour",
        60,
        "failed",
        [("装修工 赵杰", "13900001008"), ("房东 吴娟", "13900001009")],
    ),
    ("租房押金退还", "beiqiao", "tenancy", 8, "refused", [("租客 周涛", "13900001010"), ("房东 徐明", "13900001011")]),
    ("宠物狗咬伤赔偿", "yinyi", "damage", 4, "under_way", [("孙超", "13900001012"), ("马秀英", "13900001013")]),
    ("宅基地边界纠纷", "beiqiao-v", "land", 2, "opened", [("朱建华", "13900001014"), ("胡国强", "13900001015")]),
    ("借款未还", "zhonggou", "debt", 90, "rejected", [("郭玉兰", "13900001016"), ("何志明", "13900001017")]),
    ("公共走道堆物", "guanghua", "neighbours", 45, "disputed", [("高海燕", "13900001018"), ("林春梅", "13900001019")]),
    ("车辆剐蹭赔偿", "lianjian", "damage", 15, "oral", [("罗平", "13900001020"), ("郑刚", "13900001021")]),
    ("老人赡养费分担", "yinyi", "family", 70, "written", [("梁桂英", "13900001022"), ("谢霞", "13900001023")]),
]


def _story(subject, code, dispute_type, days_ago, outcome, parties, now) -> int:
    if Mediation.objects.filter(subject=subject).exists():
        return 0
    committee = Committee.objects.filter(community__code=code).first() or Committee.objects.get(level="town")
    at = now - timedelta(days=days_ago)
    with transaction.atomic():
        m = _open(committee, subject, at, parties=parties, dispute_type=dispute_type)
        if outcome == "opened":
            return 1
        if outcome == "refused":
            first, second = m.parties.all()
            services.consent_record(mediation=m, party=first, by=None, consent="given", at=at)
            services.consent_record(
                mediation=m, party=second, by=None, consent="refused", reason="认为无需调解，要求直接起诉", at=at
            )
            return 1
        _consent_all(m, at + timedelta(hours=1))
        services.session_record(
            mediation=m,
            by=None,
            held_on=(at + timedelta(days=1)).date(),
            place=f"{committee.name}调解室",
            attendees="双方当事人、调解员",
            record="听取双方陈述，释法明理，分别做工作。",
            at=at + timedelta(days=1),
        )
        reached = (at + timedelta(days=2)).date()
        if outcome == "under_way":
            return 1
        if outcome == "failed":
            services.mediation_fail(
                mediation=m,
                by=None,
                reason="双方对金额分歧过大，经多次调解未能达成一致",
                told_arbitration=True,
                told_court=True,
                at=at + timedelta(days=3),
            )
            return 1
        if outcome == "oral":
            services.agreement_draft(
                mediation=m,
                by=None,
                form="oral",
                reached_on=reached,
                oral_record="双方当场达成谅解，互相道歉。",
                at=_at(reached),
            )
            return 1
        late = outcome == "written_late"
        agreement = _written(
            m,
            reached,
            [(f"{subject}：按约定履行", 1, 10)],
            facts=f"双方因{subject}发生纠纷。",
            dispute=f"{subject}的责任和履行方式。",
            duty="双方各自承担相应责任。",
            how="按协议约定的期限履行，调解委员会督促履行。",
        )
        term = agreement.terms.get()
        performed = reached + timedelta(days=14 if late else 7)
        if performed <= timezone.localdate():
            services.term_performed(term=term, by=None, performed_on=performed, at=_at(performed))
        if outcome in ("confirmed", "rejected"):
            services.confirmation_apply(
                agreement=agreement,
                by=None,
                applied_on=reached + timedelta(days=5),
                court="闵行区人民法院",
                at=_at(reached + timedelta(days=5)),
            )
            services.confirmation_rule(
                agreement=agreement,
                by=None,
                ruling="valid" if outcome == "confirmed" else "rejected",
                ruled_on=reached + timedelta(days=20),
                at=_at(reached + timedelta(days=20)),
            )
        if outcome == "disputed":
            services.agreement_dispute(
                agreement=agreement,
                by=None,
                note="一方认为对方未按约定清理干净",
                route="向人民法院提起诉讼",
                recorded_on=reached + timedelta(days=15),
                at=_at(reached + timedelta(days=15)),
            )
    return 1


def seed_mediations(now=None) -> int:
    """Committees and the demo mediations; returns how many mediations were created."""
    now = now or timezone.now()
    ensure_participant_roles()
    build_committees(timezone.localdate(now))
    created = _pigeon(now)
    for spec in _MORE:
        created += _story(*spec, now)
    return created
