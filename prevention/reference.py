"""The reference rows every town starts with: the diverse team's roles and the kinds of meeting.

Migration 0002 loads its own frozen copy of these lists on a new database; `ensure_reference_rows` puts back
any that are missing (a database emptied by a test run, a town that deleted one by mistake) without touching
the names an office has since edited. The demo town calls it before it builds its people and meetings.
"""

from .models import MeetingKind, RosterRole

ROSTER_ROLES = [
    ("party_rep", "党代表", "Party representative"),
    ("congress_rep", "人大代表", "People's-congress representative"),
    ("owner_rep", "业主代表", "Owner representative"),
    ("community_lawyer", "社区律师", "Community lawyer"),
    ("police", "社区民警", "Police contact"),
    ("psychologist", "心理咨询师", "Psychologist"),
    ("committee_head", "居委会主任", "Committee head"),
    # The "三长" of Shanghai's neighbourhoods: building lead, Party group lead, volunteer team lead.
    ("building_lead", "楼组长", "Building lead"),
    ("party_group_lead", "党小组长", "Party group lead"),
    ("volunteer_lead", "志愿者团队长", "Volunteer team lead"),
]

MEETING_KINDS = [
    ("four_in_one", "社区“四位一体”会议", "Community four-in-one meeting"),
    ("petition", "信访工作例会", "Petition meeting"),
    ("stability", "稳定例会", "Stability meeting"),
    ("coordination", "专题协调会", "Special coordination meeting"),
    ("joint", "联席会议", "Joint meeting"),
]


def ensure_reference_rows() -> None:
    for model, rows in ((RosterRole, ROSTER_ROLES), (MeetingKind, MEETING_KINDS)):
        for order, (code, name, name_en) in enumerate(rows):
            model.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en, "sort_order": order})
