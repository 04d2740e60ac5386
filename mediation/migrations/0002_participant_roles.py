"""The roles of people invited into a mediation with the parties' consent (人民调解法 art. 20), as data."""

from django.db import migrations

ROLES = [
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
    ("three-heads", "“三长”（楼组长、党小组长、志愿者团队长）", "The “three heads” (building, Party group and volunteer team)"),
]


def add_roles(apps, schema_editor):
    ParticipantRole = apps.get_model("mediation", "ParticipantRole")
    for order, (code, name, name_en) in enumerate(ROLES, start=1):
        ParticipantRole.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("mediation", "0001_registers_and_mediations")]

    # Going back, the table itself goes with 0001.
    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
