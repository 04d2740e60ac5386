"""The roles of people invited into a mediation with the parties' consent (人民调解法 art. 20): the rows
every town starts with.

Migration 0002 loads its own frozen copy on a new database; `ensure_participant_roles` puts back any that
are missing (a database emptied by a test run) without touching names an office has since edited. The demo
town calls it before it builds its mediations.
"""

from .models import ParticipantRole

PARTICIPANT_ROLES = [
    ("relative", "亲属", "Relative"),
    ("neighbour", "邻里", "Neighbour"),
    ("colleague", "同事", "Colleague"),
    ("expert", "专业人士", "Expert"),
    ("community-lawyer", "社区律师", "Community lawyer"),
    ("police", "社区民警", "Community police officer"),
    ("psychologist", "心理咨询师", "Psychologist"),
    ("deputy", "党代表、人大代表", "Party or people's congress representative"),
    ("owner-rep", "业主代表", "Owners' representative"),
    ("petition-officer", "信访干部", "Petition officer"),
    ("petition-agent", "信访代理员", "Petition agent"),
    ("enforcement", "城管执法队员", "Enforcement officer"),
    ("grid-worker", "网格员", "Grid worker"),
    (
        "three-heads",
        "“三长”（楼组长、党小组长、志愿者团队长）",
        "The “three heads” (building, Party group and volunteer team)",
    ),
]


def ensure_participant_roles() -> None:
    for order, (code, name, name_en) in enumerate(PARTICIPANT_ROLES, start=1):
        ParticipantRole.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "sort_order": order}
        )
