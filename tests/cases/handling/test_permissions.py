"""Every handling page and action, tried by people who must not reach the case: 404 or 403, never the data."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from cases import actions, services
from cases.models import Attachment, Case, Category, Status
from grids.models import Role

from ...factories import make_case, make_staff
from .conftest import walk

pytestmark = pytest.mark.django_db

SECRET = "举报人住在银都路88弄"


def _attach(case: Case) -> Attachment:
    attachment = Attachment(case=case, original_name="证据.pdf", content_type="application/pdf", size=4)
    attachment.stored_name = f"evidence-{case.pk}.pdf"
    attachment.file.save(attachment.stored_name, ContentFile(b"%PDF"), save=False)
    attachment.save()
    return attachment


@pytest.fixture
def scene(town, people, subject):
    """An ordinary case of grid A led by department A; a misconduct report against department A and its grid worker."""
    case = walk(make_case(grid=town["grid_a"], subject=subject, what_happened=SECRET), Status.REPLIED, town, people)
    report = make_case(
        grid=town["grid_a"],
        subject=subject,
        category=Category.MISCONDUCT,
        accused_department=town["dept_a"],
        what_happened=SECRET,
    )
    Case.objects.filter(pk=report.pk).update(accused_user=people["grid"])
    report.refresh_from_db()
    report = services.case_route(case=report, by=people["office"], lead_department=town["dept_b"], tier=report.tier)
    report = services.case_sign(case=report, by=people["other_officer"])
    report = services.case_reply(case=report, by=people["other_officer"], text="已移送纪检监察")
    files = {case.pk: _attach(case), report.pk: _attach(report)}
    yield {"case": case, "report": report, "files": files}
    for attachment in files.values():
        attachment.file.delete(save=False)


@pytest.fixture
def no_role(django_user_model):
    return django_user_model.objects.create_user("norole", password="a-long-test-pass")


# who, which case they must never reach
OUTSIDERS = [
    ("other_officer", "case"),  # another department's officer
    ("other_grid", "case"),  # a grid worker of another grid
    ("no_role", "case"),  # logged in, no role
    ("officer", "report"),  # the accused department's officer
    ("head", "report"),  # the accused department's head
    ("grid", "report"),  # the accused person, who is also the grid worker of the place
]


def _who(people, no_role, name):
    return no_role if name == "no_role" else people[name]


def _pages(scene, which):
    target = scene[which]
    return [
        reverse("handling:case", args=[target.pk]),
        reverse("handling:reply-document", args=[target.pk]),
        reverse("handling:attachment", args=[target.pk, scene["files"][target.pk].pk]),
    ]


@pytest.mark.parametrize(("who", "which"), OUTSIDERS)
def test_an_outsider_gets_404_for_every_page_of_the_case(client, scene, people, no_role, who, which):
    client.force_login(_who(people, no_role, who))
    for url in _pages(scene, which):
        page = client.get(url)
        assert page.status_code == 404, url
        assert SECRET not in page.content.decode()


@pytest.mark.parametrize(("who", "which"), OUTSIDERS)
@pytest.mark.parametrize("action", list(actions.ACTIONS))
def test_an_outsider_gets_404_for_every_action_and_nothing_is_written(
    client, scene, people, no_role, who, which, action
):
    target = scene[which]
    before = (target.version, target.events.count())
    client.force_login(_who(people, no_role, who))

    page = client.post(
        reverse("handling:action", args=[target.pk, action]),
        {f"{action}-version": target.version, f"{action}-text": "x", f"{action}-reason": "x"},
    )

    assert page.status_code == 404
    target.refresh_from_db()
    assert (target.version, target.events.count()) == before


@pytest.mark.parametrize(("who", "which"), [o for o in OUTSIDERS if o[0] != "no_role"])
def test_an_outsider_never_finds_the_case_in_the_queue_search_or_counts(client, scene, people, who, which):
    target = scene[which]
    client.force_login(people[who])
    for params in ({}, {"status": "all"}, {"q": target.tracking_code}, {"q": SECRET[:6]}, {"q": "张三"}):
        html = client.get(reverse("handling:queue"), params).content.decode()
        assert f">{target.tracking_code}</a>" not in html, params
        assert SECRET not in html
        assert f"/cases/{target.pk}/" not in html
    # Counted nowhere: the only open case of grid A, department A is the ordinary one, or none.
    assert client.get(reverse("handling:queue-counts"), {"q": target.tracking_code}).json()["total"] == 0


def test_the_accused_do_not_see_the_report_but_its_handlers_do(client, scene, people):
    report = scene["report"]
    for who in ("other_officer", "office", "leader"):
        client.force_login(people[who])
        assert client.get(reverse("handling:case", args=[report.pk])).status_code == 200, who
        assert client.get(reverse("handling:reply-document", args=[report.pk])).status_code == 200, who


def test_an_accused_petition_officer_does_not_see_the_report_in_the_inbox(client, town, people):
    accused = make_staff(Role.PETITION_OFFICE, username="accused_office")
    report = make_case(category=Category.MISCONDUCT, what_happened=SECRET)
    Case.objects.filter(pk=report.pk).update(accused_user=accused)

    client.force_login(accused)
    html = client.get(reverse("handling:inbox")).content.decode()
    assert report.tracking_code not in html
    assert 'data-testid="inbox-total">0<' in html
    client.force_login(people["office"])
    assert report.tracking_code in client.get(reverse("handling:inbox")).content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in_and_nothing_is_written(client, scene):
    case = scene["case"]
    for url in [
        *_pages(scene, "case"),
        reverse("handling:queue"),
        reverse("handling:inbox"),
    ]:
        page = client.get(url)
        assert page.status_code == 302 and page["Location"].startswith(reverse("login")), url
    for action in list(actions.ACTIONS):
        page = client.post(reverse("handling:action", args=[case.pk, action]), {f"{action}-version": case.version})
        assert page.status_code == 302 and page["Location"].startswith(reverse("login"))
    assert Case.objects.get(pk=case.pk).version == case.version


def test_a_user_without_a_role_has_no_queue_and_no_inbox(client, scene, no_role):
    client.force_login(no_role)
    assert client.get(reverse("handling:queue")).status_code == 403
    assert client.get(reverse("handling:inbox")).status_code == 403


# People who can see the case but may not take this action: 403, and nothing written.
NOT_THEIRS = [
    ("reception", Status.REGISTERED, actions.ROUTE.name),
    ("grid", Status.REGISTERED, actions.NOT_ACCEPT.name),
    ("leader", Status.ASSIGNED, actions.SIGN.name),
    ("office", Status.ASSIGNED, actions.SIGN.name),
    ("grid", Status.ASSIGNED, actions.OBJECT.name),
    ("community", Status.IN_PROGRESS, actions.REPLY.name),
    ("assisting", Status.IN_PROGRESS, actions.REPLY.name),
    ("officer", Status.IN_PROGRESS, actions.DECIDE_EXTENSION.name),
    ("head", Status.UNDER_REVIEW, actions.DECIDE_REVIEW.name),
    ("community", Status.IN_PROGRESS, actions.CHANGE_TIER.name),
    ("leader", Status.REPLIED, actions.CLOSE.name),
]


@pytest.mark.parametrize(("who", "status", "action"), NOT_THEIRS)
def test_someone_who_sees_the_case_but_may_not_act_gets_403(client, town, people, case_at, who, status, action):
    case = case_at(status)
    if action == actions.DECIDE_EXTENSION.name:
        case = services.case_ask_extension(case=case, by=people["officer"], days=10, reason="复杂")
    case.assisting_departments.add(town["dept_b"])
    person = {
        "community": lambda: make_staff(Role.COMMUNITY_STAFF, community=town["community_a"]),
        "assisting": lambda: people["other_officer"],
    }.get(who, lambda: people[who])()
    client.force_login(person)
    assert client.get(reverse("handling:case", args=[case.pk])).status_code == 200, "they can see it"
    before = (case.version, case.events.count())

    page = client.post(
        reverse("handling:action", args=[case.pk, action]),
        {f"{action}-version": case.version, f"{action}-text": "x", f"{action}-reason": "x"},
    )

    assert page.status_code == 403
    case.refresh_from_db()
    assert (case.version, case.events.count()) == before
