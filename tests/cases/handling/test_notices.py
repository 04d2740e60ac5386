"""Staff hear at once, in the bell and by e-mail, of what happens to them: no sweep has to run first.

Each event: exactly who is told, and who is not; a report of misconduct never tells the accused.
"""

import pytest
from django.core import mail
from django.urls import reverse

from cases import services
from cases.models import Case, CaseEvent, Category, Channel, Status
from grids.models import Platform, Role
from notifications.models import Notification

from ...factories import make_case, make_staff
from .conftest import walk

pytestmark = pytest.mark.django_db


def bell(client, user) -> str:
    """What this person's bell shows, as they see it."""
    client.force_login(user)
    return client.get(reverse("notifications")).content.decode()


def told(case: Case) -> set[str]:
    """Usernames told of something on this case in the portal."""
    return set(
        Notification.objects.filter(channel=Notification.Channel.IN_APP, kind=Notification.Kind.CASE_EVENT)
        .filter(subject_id__in=case.events.values("pk"))
        .values_list("recipient__username", flat=True)
    )


@pytest.fixture
def everyone(people, town):
    people["other_office"] = make_staff(Role.PETITION_OFFICE, username="office2")
    people["officer_b2"] = make_staff(Role.DEPARTMENT_OFFICER, username="officer_b2", department=town["dept_b"])
    return people


def test_a_routed_case_reaches_its_departments_officers_head_and_people_at_once(
    client, town, everyone, subject, django_capture_on_commit_callbacks
):
    everyone["officer"].email = "officer@example.cn"
    everyone["officer"].save()
    case = make_case(grid=town["grid_a"], subject=subject)

    with django_capture_on_commit_callbacks(execute=True):
        case = walk(case, Status.ASSIGNED, town, everyone)

    assert told(case) == {"officer", "head", "grid"}
    assert case.tracking_code in bell(client, everyone["officer"])
    assert case.tracking_code not in bell(client, everyone["other_officer"])
    assert case.tracking_code not in bell(client, everyone["office"])  # who routed it needs no notice
    # E-mail where the person has an address, sent after commit through the outbox.
    assert [m.to for m in mail.outbox] == [["officer@example.cn"]]
    assert case.tracking_code in mail.outbox[0].subject
    assert "/cases/" in mail.outbox[0].body


def test_an_extension_request_reaches_the_head_who_approves_only(client, town, everyone, case_at):
    case = case_at(Status.IN_PROGRESS)
    Notification.objects.all().delete()

    services.case_ask_extension(case=case, by=everyone["officer"], days=10, reason="需要现场复测")

    assert told(case) == {"head"}
    html = bell(client, everyone["head"])
    assert case.tracking_code in html and "10" in html
    assert case.tracking_code not in bell(client, everyone["other_head"])


@pytest.mark.parametrize("level", [1, 2])
def test_a_review_or_rereview_request_reaches_the_petition_office(client, town, everyone, case_at, level):
    case = case_at(Status.REPLIED if level == 1 else Status.UNDER_REREVIEW)
    if level == 2:
        case = Case.objects.get(pk=case.pk)
        assert case.status == Status.UNDER_REREVIEW
        events = case.events.filter(new_status=Status.UNDER_REREVIEW)
    else:
        services.case_request_review(case=case, reason="处理不彻底")
        events = case.events.filter(new_status=Status.UNDER_REVIEW)

    recipients = set(
        Notification.objects.filter(subject_id__in=events.values("pk"), kind=Notification.Kind.CASE_EVENT)
        .filter(channel=Notification.Channel.IN_APP)
        .values_list("recipient__username", flat=True)
    )
    assert recipients == {"office", "office2"}
    word = "复查" if level == 1 else "复核"
    assert word in bell(client, everyone["office"])
    assert word not in bell(client, everyone["officer"])  # the department heard of the routing, not the review


def test_a_web_submission_reaches_the_petition_office_only(client, town, everyone):
    Platform.objects.create(code="C09", name="北桥平台", kind="community", community=town["community_b"])

    page = client.post(
        reverse("web-form", args=["C09"]),
        {
            "what_happened": "路灯坏了",
            "request": "请修路灯",
            "phone": "13912345678",
            "consent": "on",
            "submission_key": "k-notice",
        },
    )
    assert page.status_code == 302
    case = Case.objects.get(channel=Channel.WEB)

    assert told(case) == {"office", "office2"}
    html = bell(client, everyone["office"])
    assert case.tracking_code in html and "北桥平台" in html
    assert case.tracking_code not in bell(client, everyone["reception"])
    assert case.tracking_code not in bell(client, everyone["leader"])


def test_a_counter_case_tells_nobody(town, everyone, reception):
    case = make_case(by=reception, channel=Channel.VISIT)
    assert told(case) == set()


def test_an_objection_reaches_the_petition_office(client, town, everyone, case_at):
    case = case_at(Status.ASSIGNED)

    services.case_object(case=case, by=everyone["officer"], reason="属于房管办职责")

    # The objection waits for the office's check (条例 art. 23): the case stays with the department meanwhile.
    objection = case.events.filter(kind=CaseEvent.Kind.OBJECTED)
    assert objection.count() == 1
    recipients = set(
        Notification.objects.filter(subject_id__in=objection.values("pk"), kind=Notification.Kind.CASE_EVENT)
        .filter(channel=Notification.Channel.IN_APP)
        .values_list("recipient__username", flat=True)
    )
    assert recipients == {"office", "office2"}
    html = bell(client, everyone["office"])
    assert case.tracking_code in html and "城管执法中队" in html and "属于房管办职责" in html


def test_a_misconduct_report_never_tells_the_accused(client, town, everyone, subject):
    report = make_case(grid=town["grid_a"], subject=subject, category=Category.MISCONDUCT)
    Case.objects.filter(pk=report.pk).update(accused_user=everyone["other_officer"])
    report.refresh_from_db()

    services.case_route(case=report, by=everyone["office"], lead_department=town["dept_b"], tier=report.tier)

    assert told(report) == {"other_head", "officer_b2"}
    assert report.tracking_code not in bell(client, everyone["other_officer"])


def test_a_report_against_the_petition_office_goes_to_the_leaders_not_the_office(client, town, everyone):
    platform = Platform.objects.create(code="C10", name="银一平台", kind="community", community=town["community_a"])
    report = make_case(channel=Channel.WEB, platform=platform, category=Category.MISCONDUCT)
    Case.objects.filter(pk=report.pk).update(accused_user=everyone["office"])
    report.refresh_from_db()
    Notification.objects.all().delete()
    report = walk(report, Status.ASSIGNED, town, {**everyone, "office": everyone["leader"]})

    # The department objects: whoever checks objections on this report hears of it, never the accused office.
    services.case_object(case=report, by=everyone["officer"], reason="不属于本部门")

    objection = report.events.filter(kind=CaseEvent.Kind.OBJECTED)
    recipients = set(
        Notification.objects.filter(subject_id__in=objection.values("pk"), kind=Notification.Kind.CASE_EVENT)
        .filter(channel=Notification.Channel.IN_APP)
        .values_list("recipient__username", flat=True)
    )
    assert recipients == {"leader"}
    assert report.tracking_code not in bell(client, everyone["office"])


def test_notices_link_to_the_site_the_portal_is_reached_at(client, town, everyone, case_at, settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "xinfang.example.cn"]
    client.get(reverse("login"), HTTP_HOST="xinfang.example.cn")  # the first request the portal answers
    everyone["head"].email = "head@example.cn"
    everyone["head"].save()
    case = case_at(Status.IN_PROGRESS)
    mail.outbox.clear()

    services.case_ask_extension(case=case, by=everyone["officer"], days=5, reason="等待检测")
    note = Notification.objects.filter(recipient=everyone["head"], channel=Notification.Channel.EMAIL).latest("pk")
    from notifications.delivery import deliver_one

    deliver_one(note.pk)

    assert "http://xinfang.example.cn/cases/" in mail.outbox[-1].body
    assert "127.0.0.1:8000" not in mail.outbox[-1].body


def test_demo_history_notifies_nobody(town, everyone, subject):
    from notifications.services import resident_messages_muted

    with resident_messages_muted():
        case = walk(make_case(grid=town["grid_a"], subject=subject), Status.ASSIGNED, town, everyone)

    assert told(case) == set()
