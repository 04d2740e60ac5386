"""The rows the migrations load (participant roles, the team's roles, meeting kinds) come back when a database
lost them (a browser test empties it between tests), and an office's own wording of them is kept."""

import pytest

from mediation.models import ParticipantRole
from mediation.reference import PARTICIPANT_ROLES, ensure_participant_roles
from prevention.models import MeetingKind, RosterRole
from prevention.reference import MEETING_KINDS, ROSTER_ROLES, ensure_reference_rows

pytestmark = pytest.mark.django_db


def test_lost_reference_rows_come_back_and_an_edited_name_is_kept():
    ParticipantRole.objects.exclude(code="relative").delete()
    ParticipantRole.objects.filter(code="relative").update(name="家属")
    RosterRole.objects.all().delete()
    MeetingKind.objects.all().delete()

    ensure_participant_roles()
    ensure_reference_rows()
    ensure_reference_rows()  # twice: nothing doubles

    assert set(ParticipantRole.objects.values_list("code", flat=True)) == {c for c, _n, _e in PARTICIPANT_ROLES}
    assert ParticipantRole.objects.get(code="relative").name == "家属"
    assert set(RosterRole.objects.values_list("code", flat=True)) == {c for c, _n, _e in ROSTER_ROLES}
    assert MeetingKind.objects.count() == len(MEETING_KINDS)


def test_the_three_heads_are_shanghai_s_building_party_group_and_volunteer_leads():
    names = dict(RosterRole.objects.values_list("code", "name"))
    assert {names["building_lead"], names["party_group_lead"], names["volunteer_lead"]} == {
        "楼组长",
        "党小组长",
        "志愿者团队长",
    }
