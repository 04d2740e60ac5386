"""Meetings: the agenda on the case's page and timeline, actions that ring the owner's bell and are reminded once,
the personal calendar feed, scoping; the community's public page and the oath on the dashboard."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseEvent
from grids.models import Platform, Role
from notifications.models import Notification
from prevention.models import CommunityPage, FeedToken, MeetingAction, MeetingKind
from prevention.services import (
    action_add,
    action_done,
    agenda_add,
    meeting_create,
    oath_record,
    prevention_reminders_sweep,
)

from ..factories import make_case, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def convenor(town):
    return make_staff(Role.COMMUNITY_STAFF, community=town["community_a"])


def _meeting(town, by, **overrides):
    fields = {
        "by": by,
        "kind": MeetingKind.objects.get(code="four_in_one"),
        "title": "鸽棚问题四位一体会议",
        "starts_at": timezone.now(),
        "place": "银一居委会议室",
        "community": town["community_a"],
    }
    fields.update(overrides)
    return meeting_create(**fields)


def test_a_case_on_the_agenda_shows_the_meeting_on_its_page_and_timeline(town, convenor, client):
    case = make_case(community=town["community_a"])
    meeting = _meeting(town, convenor)
    agenda_add(meeting=meeting, by=convenor, case=case)
    assert case.events.filter(kind=CaseEvent.Kind.LINKED, detail="meeting_agenda").count() == 1
    client.force_login(make_staff(Role.PETITION_OFFICE))
    body = client.get(reverse("handling:case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="case-meetings"' in body and "鸽棚问题四位一体会议" in body
    assert "Discussed at a meeting" in body


def test_a_decision_rings_its_owners_bell_at_once_and_is_reminded_once_until_done(town, convenor, client):
    owner = make_staff(Role.ENFORCEMENT_OFFICER, department=town["dept_a"])
    meeting = _meeting(town, convenor)
    action = action_add(meeting=meeting, by=convenor, text="限期拆除鸽棚", owner=owner, due_on=timezone.localdate())
    client.force_login(owner)
    body = client.get(reverse("notifications"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Action for you: 限期拆除鸽棚" in body
    assert [prevention_reminders_sweep().actions for _ in range(3)] == [1, 0, 0]
    assert Notification.objects.filter(recipient=owner).count() == 2

    response = client.post(reverse("prevention:action-done", args=[action.pk]), {"note": "已拆除"})
    assert response.status_code == 302
    assert MeetingAction.objects.get(pk=action.pk).status == MeetingAction.Status.DONE


def test_an_action_due_before_its_meeting_or_owned_by_someone_a_case_on_the_agenda_accuses_is_refused(town, convenor):
    from django.core.exceptions import ValidationError

    from cases.models import Category

    meeting = _meeting(town, convenor)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        action_add(meeting=meeting, by=convenor, text="x", owner=convenor, due_on=yesterday)
    accused = make_staff(Role.ENFORCEMENT_OFFICER, department=town["dept_a"])
    report = make_case(category=Category.MISCONDUCT, accused_department=town["dept_a"])
    agenda_add(meeting=meeting, by=convenor, case=report)
    with pytest.raises(ValidationError) as err:
        action_add(meeting=meeting, by=convenor, text="x", owner=accused, due_on=timezone.localdate())
    assert "owner" in err.value.message_dict


def test_an_action_done_twice_is_refused_and_an_outsider_cannot_close_it(town, convenor, client):
    meeting = _meeting(town, convenor)
    action = action_add(meeting=meeting, by=convenor, text="回访", owner=convenor, due_on=timezone.localdate())
    client.force_login(make_staff(Role.RECEPTION))
    assert client.post(reverse("prevention:action-done", args=[action.pk])).status_code == 404
    action_done(action=action, by=convenor)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        action_done(action=action, by=convenor)


def test_the_calendar_feed_lists_a_persons_meetings_behind_its_secret_only(town, convenor, client):
    _meeting(town, convenor)
    client.force_login(convenor)
    client.get(reverse("prevention:my-calendar"))
    token = FeedToken.objects.get(user=convenor).token
    client.logout()
    feed = client.get(reverse("prevention:feed", args=[token]))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    assert "鸽棚问题四位一体会议" in feed.content.decode()
    assert client.get(reverse("prevention:feed", args=["guessed"])).status_code == 404


def test_another_communitys_staff_do_not_see_the_meeting(town, convenor, client):
    meeting = _meeting(town, convenor)
    client.force_login(make_staff(Role.COMMUNITY_STAFF, community=town["community_b"]))
    assert client.get(reverse("prevention:meeting", args=[meeting.pk])).status_code == 404
    assert "鸽棚问题" not in client.get(reverse("prevention:meetings")).content.decode()


def test_the_meeting_list_runs_the_same_queries_for_few_and_many_meetings(
    town, convenor, client, django_assert_num_queries, count_queries
):
    client.force_login(convenor)
    for _ in range(2):
        _meeting(town, convenor)
    small = count_queries(client, reverse("prevention:meetings"))
    for _ in range(10):
        _meeting(town, convenor)
    with django_assert_num_queries(small):
        client.get(reverse("prevention:meetings"))


def test_the_communitys_public_page_needs_no_login_and_reads_in_both_languages(town, client):
    community = town["community_a"]
    Platform.objects.create(code="YY1", name="银一平台", kind=Platform.Kind.COMMUNITY, community=community)
    CommunityPage.objects.create(
        community=community, rules="三公约四制度：居民公约", rules_en="Residents convention", contact_phone="021-1234"
    )
    oath_record(
        by=make_staff(Role.COMMUNITY_STAFF, community=community),
        community=community,
        held_on=timezone.localdate(),
        place="公民宣誓室",
        new_residents=12,
    )
    zh = client.get(
        reverse("prevention:community", args=[community.code]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    en = client.get(reverse("prevention:community", args=[community.code]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "三公约四制度" in zh and 'data-testid="qr"' in zh
    assert "Residents convention" in en and "12 new residents" in en
    assert client.get(reverse("prevention:community", args=["nowhere"])).status_code == 404


def test_oath_ceremonies_and_open_risks_are_counted_on_the_dashboard(town, client):
    community = town["community_a"]
    oath_record(
        by=make_staff(Role.COMMUNITY_STAFF, community=community),
        community=community,
        held_on=timezone.localdate(),
        place="公民宣誓室",
        new_residents=12,
    )
    client.force_login(make_staff(Role.PETITION_OFFICE))
    body = client.get(reverse("dashboard:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="prevention-figures"' in body and "12 new residents" in body


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("law.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "does not match its name"),
        ("law.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "a text or a PDF"),
        ("law.pdf", b"<html><script>alert(1)</script></html>", "not a photo or a PDF"),
        ("law.pdf", b"", "empty"),
    ],
)
def test_legal_material_takes_a_checked_pdf_only(town, name, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from prevention.forms import LegalMaterialForm

    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    form = LegalMaterialForm(
        {"community": town["community_a"].pk, "title": "法治宣传", "published_on": timezone.localdate()},
        {"file": upload},
    )
    assert not form.is_valid()
    assert message in str(form.errors)


def test_legal_material_refuses_an_oversized_pdf_and_takes_a_real_one(town, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from prevention.forms import LegalMaterialForm

    pdf = b"%PDF-1.4\n" + b"0" * 200
    data = {"community": town["community_a"].pk, "title": "法治宣传", "published_on": timezone.localdate()}
    settings.MAX_UPLOAD_BYTES = 100
    big = LegalMaterialForm(data, {"file": SimpleUploadedFile("law.pdf", pdf, content_type="application/pdf")})
    assert not big.is_valid() and "at most" in str(big.errors)
    settings.MAX_UPLOAD_BYTES = 10_000
    ok = LegalMaterialForm(data, {"file": SimpleUploadedFile("law.pdf", pdf, content_type="application/pdf")})
    assert ok.is_valid(), ok.errors


def test_the_owner_of_an_action_reads_the_meeting_that_decided_it(town, convenor, client):
    meeting = _meeting(town, convenor, community=None)
    owner = make_staff(Role.GRID_WORKER, community=town["community_b"], grid=town["grid_b"])
    client.force_login(owner)
    assert client.get(reverse("prevention:meeting", args=[meeting.pk])).status_code == 404
    action_add(meeting=meeting, by=convenor, text="回访", owner=owner, due_on=timezone.localdate())
    assert client.get(reverse("prevention:meeting", args=[meeting.pk])).status_code == 200


def test_a_report_on_the_agenda_never_shows_its_code_to_the_attendee_it_accuses(town, convenor, client):
    from cases.models import Category

    accused = make_staff(Role.ENFORCEMENT_OFFICER, department=town["dept_a"])
    report = make_case(category=Category.MISCONDUCT, accused_department=town["dept_a"], community=town["community_a"])
    meeting = _meeting(town, convenor, attendees=[accused])
    agenda_add(meeting=meeting, by=convenor, case=report)
    client.force_login(accused)
    body = client.get(reverse("prevention:meeting", args=[meeting.pk])).content.decode()
    assert report.tracking_code not in body
    client.force_login(convenor)
    assert report.tracking_code in client.get(reverse("prevention:meeting", args=[meeting.pk])).content.decode()
