"""The "有事好商量" council: raised from a case, sessions with speakers, a decision published only when it says so."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseEvent
from grids.models import Role
from prevention.models import Council
from prevention.services import action_add, council_decide, council_raise, council_session_add

from ..factories import make_case, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(town):
    return make_staff(Role.COMMUNITY_STAFF, community=town["community_a"])


def _council(town, by, **overrides):
    fields = {"by": by, "title": "楼道加装电梯", "description": "居民意见不一", "community": town["community_a"]}
    fields.update(overrides)
    return council_raise(**fields)


def test_a_matter_from_a_case_is_told_on_its_timeline(town, staff):
    case = make_case(community=town["community_a"])
    _council(town, staff, case=case)
    assert case.events.filter(kind=CaseEvent.Kind.LINKED, detail="council_raised").count() == 1


def test_a_council_decides_after_a_session_and_publishes_only_when_it_says_so(town, staff, client):
    council = _council(town, staff)
    with pytest.raises(ValidationError):
        council_decide(council=council, by=staff, outcome="加装", publish=True)
    council_session_add(
        council=council,
        by=staff,
        held_on=timezone.localdate(),
        place="议事厅",
        speakers=[("一楼住户", "against", "担心采光"), ("六楼住户", "for", "上下楼困难")],
    )
    url = reverse("prevention:community", args=[town["community_a"].code])
    council = council_decide(council=council, by=staff, outcome="加装电梯，一楼住户获补偿", publish=False)
    assert "加装电梯，一楼住户获补偿" not in client.get(url).content.decode()
    Council.objects.filter(pk=council.pk).update(is_published=True)
    body = client.get(url).content.decode()
    assert "加装电梯，一楼住户获补偿" in body and "担心采光" not in body
    with pytest.raises(ValidationError):
        council_decide(council=council, by=staff, outcome="again", publish=True)


def test_a_speaker_without_a_view_is_refused_and_nothing_is_saved(town, staff, client):
    council = _council(town, staff)
    client.force_login(staff)
    data = {
        "session": "1",
        "session-held_on": timezone.localdate().isoformat(),
        "session-place": "议事厅",
        "session-name_1": "<img src=x onerror=alert(1)>",
        "session-said_1": "意见",
    }
    body = client.post(reverse("prevention:council", args=[council.pk]), data, HTTP_ACCEPT_LANGUAGE="en")
    assert body.status_code == 200
    assert "Each speaker needs a name, a view and what they said." in body.content.decode()
    assert "<img src=x" not in body.content.decode()
    assert council.sessions.count() == 0


def test_what_was_done_afterwards_is_an_action_with_an_owner(town, staff):
    council = _council(town, staff)
    action = action_add(council=council, by=staff, text="联系电梯公司", owner=staff, due_on=timezone.localdate())
    assert action.council_id == council.pk and action.meeting_id is None


def test_another_communitys_staff_do_not_see_the_council(town, staff, client):
    council = _council(town, staff)
    client.force_login(make_staff(Role.COMMUNITY_STAFF, community=town["community_b"]))
    assert client.get(reverse("prevention:council", args=[council.pk])).status_code == 404
    assert "楼道加装电梯" not in client.get(reverse("prevention:councils")).content.decode()


def test_the_council_list_runs_the_same_queries_for_few_and_many(
    town, staff, client, django_assert_num_queries, count_queries
):
    client.force_login(staff)
    for _ in range(2):
        _council(town, staff)
    small = count_queries(client, reverse("prevention:councils"))
    for _ in range(10):
        _council(town, staff)
    with django_assert_num_queries(small):
        client.get(reverse("prevention:councils"))
