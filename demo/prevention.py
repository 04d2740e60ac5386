"""The demo town's prevention close to home: the 北桥 visit that opened the post-office case, screening items
at several levels, the four-in-one meeting on the pigeon loft with its actions, a council session, 银一居委's
rules and an oath ceremony. Idempotent: a second run finds what the first one made."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cases.models import Case, Subject
from grids.models import Community, Grid
from prevention.models import (
    CommunityPage,
    LegalMaterial,
    Meeting,
    MeetingKind,
    RiskItem,
    RiskLevel,
    RosterPerson,
    RosterRole,
    Visit,
)
from prevention.reference import ensure_reference_rows
from prevention.services import (
    action_add,
    agenda_add,
    council_decide,
    council_raise,
    council_session_add,
    meeting_create,
    oath_record,
    risk_register,
    risk_review,
    roster_person_create,
    visit_open_case,
    visit_record,
)

from .walk import Cast

POST_OFFICE_ADDRESS = "北桥新村12号楼"
MEETING_TITLE = "银一居委“四位一体”会议：水泵房顶鸽棚"

RULES_ZH = """三公约：
一、居民公约：邻里和睦，守望相助；不乱搭乱建，不高空抛物。
二、楼道公约：楼道不堆物，消防通道常畅通。
三、文明养宠公约：遛狗牵绳，及时清理。

四制度：
一、居民议事制度（“有事好商量”）；二、矛盾纠纷排查制度；三、走访联系制度；四、公开公示制度。"""

RULES_EN = """Three conventions:
1. Residents' convention: live in harmony and help each other; no illegal structures, nothing thrown from windows.
2. Stairwell convention: keep stairwells clear and fire exits open.
3. Pet convention: dogs on a leash; clean up after them.

Four rules:
1. Residents' deliberation ("let's talk it over"); 2. screening for disputes; 3. door-to-door visits;
4. publishing what was decided."""


def post_office_case(*, story: dict, cast: Cast, subject: Subject, received_at) -> Case:
    """佘老伯 could not pay by smartphone: staff visited him in the cold, and the case was opened from the visit."""
    community = Community.objects.get(code=story["community"])
    visit = Visit.objects.filter(address=POST_OFFICE_ADDRESS, case__isnull=False).select_related("case").first()
    if visit is not None:
        return visit.case
    name, _sex, phone = story["petitioner"]
    visit = visit_record(
        by=cast.petition,
        visited_on=timezone.localdate(received_at),
        community=community,
        grid=Grid.objects.filter(code=f"{community.code}-1").first(),
        address=POST_OFFICE_ADDRESS,
        resident_name=name,
        resident_phone=phone,
        reason=Visit.Reason.VULNERABLE,
        asked=story["request"],
        done="冒着寒风上门了解情况，记录老人诉求，答应联系邮局和相关部门。",
        staff=[cast.grid],
    )
    return visit_open_case(
        visit=visit,
        by=cast.petition,
        what_happened=story["what_happened"],
        request=story["request"],
        subject=subject,
        received_at=received_at,
    )


def post_office_case_exists() -> bool:
    return Visit.objects.filter(address=POST_OFFICE_ADDRESS, case__isnull=False).exists()


def _roster(yinyi: Community) -> dict[str, RosterPerson]:
    people = {}
    for code, name, community, organisation in (
        ("community_lawyer", "王律师", yinyi, "颛桥镇公共法律服务站"),
        ("police", "李警官", None, "颛桥派出所"),
        ("building_lead", "张阿姨", yinyi, ""),
        ("congress_rep", "陈代表", None, "镇人大"),
        ("psychologist", "何老师", None, "社区心理服务站"),
    ):
        person = RosterPerson.objects.filter(name=name).first() or roster_person_create(
            name=name,
            role=RosterRole.objects.get(code=code),
            community=community,
            organisation=organisation,
            phone=f"1390000{len(people):04d}",
        )
        people[code] = person
    return people


def seed_prevention() -> dict:
    ensure_reference_rows()
    if Meeting.objects.filter(title=MEETING_TITLE).exists():
        return {"meetings": Meeting.objects.count()}
    cast = Cast()
    users = get_user_model().objects
    enforcer, community_staff = users.get(username="enforcer"), users.get(username="community")
    yinyi, beiqiao = Community.objects.get(code="yinyi"), Community.objects.get(code="beiqiao")
    today = timezone.localdate()
    team = _roster(yinyi)

    pigeon = risk_register(
        by=cast.grid,
        title="水泵房顶鸽棚引发邻里矛盾",
        description="鸽子粪便羽毛影响邻居，当事人以信鸽协会证书为由拒不拆除。",
        kind=RiskItem.Kind.DISPUTE,
        level=RiskLevel.MEDIUM,
        community=yinyi,
        follower=cast.grid,
    )
    pigeon = risk_review(
        item=pigeon,
        by=cast.grid,
        expected_version=pigeon.version,
        note="邻居多次投诉，矛盾有激化迹象，提请四位一体会议研判。",
        level=RiskLevel.HIGH,
        next_review_on=today + timedelta(days=7),
    )
    risk_register(
        by=community_staff,
        title="物业公司拟退场，业主担心无人管理",
        description="小区物业合同到期，业主委员会与物业公司谈判破裂。",
        kind=RiskItem.Kind.DISPUTE,
        level=RiskLevel.MAJOR,
        community=yinyi,
        follower=community_staff,
        next_review_on=today + timedelta(days=5),
    )
    risk_register(
        by=cast.petition,
        title="独居老人不会线上缴费",
        description="北桥地区多位独居老人不会使用智能手机缴纳水电煤费用。",
        kind=RiskItem.Kind.HAZARD,
        level=RiskLevel.MEDIUM,
        community=beiqiao,
        follower=cast.petition,
    )
    risk_register(
        by=cast.grid,
        title="楼道堆物",
        description="3号楼楼道堆放纸板杂物，存在消防隐患。",
        kind=RiskItem.Kind.HAZARD,
        level=RiskLevel.LOW,
        community=yinyi,
        follower=cast.grid,
    )

    pigeon_case = Case.objects.filter(submission_key="demo-article-pigeon").first()
    meeting = meeting_create(
        by=community_staff,
        kind=MeetingKind.objects.get(code="four_in_one"),
        title=MEETING_TITLE,
        starts_at=timezone.now() - timedelta(days=2),
        place="银一居委党群服务站",
        community=yinyi,
        attendees=[cast.petition, cast.grid, cast.mediator, enforcer, users.get(username="agent")],
        team=[team["community_lawyer"], team["police"], team["building_lead"]],
        minutes="信访干部、代理员、执法队员、调解员、网格员共同研判：鸽棚属违法搭建，先劝导、后依法处置。",
    )
    if pigeon_case is not None:
        agenda_add(meeting=meeting, by=community_staff, case=pigeon_case)
    agenda_add(meeting=meeting, by=community_staff, risk=pigeon)
    action_add(
        meeting=meeting, by=community_staff, text="联合上门劝导当事人自行拆除鸽棚", owner=cast.grid, due_on=today
    )
    action_add(
        meeting=meeting,
        by=community_staff,
        text="劝导无效则依法启动拆违程序",
        owner=enforcer,
        due_on=today + timedelta(days=14),
    )

    council = council_raise(
        by=community_staff,
        title="3号楼楼道堆物怎么管",
        description="居民对楼道堆物意见不一：有人要求一律清理，有人希望留出放置自行车的位置。",
        community=yinyi,
        meeting=meeting,
    )
    council_session_add(
        council=council,
        by=community_staff,
        held_on=today - timedelta(days=1),
        place="银一居委议事厅",
        speakers=[
            ("张阿姨（楼组长）", "for", "楼道是消防通道，杂物必须清理。"),
            ("3号楼住户", "other", "希望在楼下划出自行车停放区。"),
        ],
    )
    council_decide(
        council=council,
        by=community_staff,
        outcome="楼道杂物一周内清理完毕；居委在楼下划出自行车停放区，写入楼道公约。",
        publish=True,
    )
    action_add(
        council=council,
        by=community_staff,
        text="楼下划设自行车停放区",
        owner=community_staff,
        due_on=today + timedelta(days=7),
    )

    CommunityPage.objects.update_or_create(
        community=yinyi,
        defaults={
            "rules": RULES_ZH,
            "rules_en": RULES_EN,
            "contact_phone": "021-6489 1234",
            "contact_address": "银都路一村",
        },
    )
    LegalMaterial.objects.get_or_create(
        community=yinyi,
        title="违法搭建的法律责任",
        defaults={"body": "未经批准搭建建筑物、构筑物的，由城管执法部门责令限期拆除。", "published_on": today},
    )
    oath_record(
        by=community_staff,
        community=yinyi,
        held_on=today - timedelta(days=10),
        place="银一居委公民宣誓室",
        new_residents=18,
    )
    return {"meetings": Meeting.objects.count()}
