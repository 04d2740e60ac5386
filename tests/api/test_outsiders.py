"""The pages' outsider tests, through the API: people who must not reach a case get 404 for everything about it
(the case, its file, every action), never find it in the list or a search, and nothing is written."""

import pytest
from django.core.files.base import ContentFile

from cases import actions, services
from cases.models import Attachment, Case, Category, Status
from grids.models import Role

from ..cases.handling.conftest import walk
from ..factories import make_case, make_staff

pytestmark = pytest.mark.django_db

SECRET = "举报人住在银都路88弄"


def _attach(case: Case) -> Attachment:
    attachment = Attachment(case=case, original_name="证据.pdf", content_type="application/pdf", size=4)
    attachment.stored_name = f"api-evidence-{case.pk}.pdf"
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


def _reads(scene, which):
    target = scene[which]
    return [
        f"/api/v1/cases/{target.pk}/",
        f"/api/v1/cases/{target.pk}/attachments/{scene['files'][target.pk].pk}/",
    ]


@pytest.mark.parametrize(("who", "which"), OUTSIDERS)
def test_an_outsider_gets_404_for_the_case_and_its_file(api, scene, people, no_role, who, which):
    api.force_login(_who(people, no_role, who))
    for url in _reads(scene, which):
        page = api.get(url)
        assert page.status_code == 404, url
        assert SECRET not in page.content.decode()


@pytest.mark.parametrize(("who", "which"), OUTSIDERS)
@pytest.mark.parametrize("action", list(actions.ACTIONS))
def test_an_outsider_gets_404_for_every_action_and_nothing_is_written(api, scene, people, no_role, who, which, action):
    target = scene[which]
    before = (target.version, target.events.count())
    api.force_login(_who(people, no_role, who))

    page = api.post_json(
        f"/api/v1/cases/{target.pk}/actions/{action}/", {"version": target.version, "text": "x", "reason": "x"}
    )

    assert page.status_code == 404
    assert SECRET not in page.content.decode()
    target.refresh_from_db()
    assert (target.version, target.events.count()) == before


@pytest.mark.parametrize(("who", "which"), OUTSIDERS)
def test_an_outsider_cannot_add_a_file_to_the_case(api, scene, people, no_role, who, which):
    target = scene[which]
    api.force_login(_who(people, no_role, who))
    page = api.post(f"/api/v1/cases/{target.pk}/attachments/", {"file": ContentFile(b"%PDF-1.4 x", name="a.pdf")})
    assert page.status_code == 404
    assert target.attachments.count() == 1


@pytest.mark.parametrize(("who", "which"), [o for o in OUTSIDERS if o[0] != "no_role"])
def test_an_outsider_never_finds_the_case_in_the_list_or_a_search(api, scene, people, who, which):
    target = scene[which]
    api.force_login(people[who])
    for params in ({}, {"status": "all"}, {"q": target.tracking_code}, {"q": SECRET[:6]}, {"q": "张三"}):
        page = api.get("/api/v1/cases/", params)
        assert page.status_code == 200
        assert target.pk not in [r["id"] for r in page.json()["results"]], params
        assert SECRET not in page.content.decode()


def test_the_accused_do_not_see_the_report_but_its_handlers_do(api, scene, people):
    report = scene["report"]
    for who in ("other_officer", "office", "leader"):
        api.force_login(people[who])
        assert api.get(f"/api/v1/cases/{report.pk}/").status_code == 200, who
        found = api.get("/api/v1/cases/", {"q": report.tracking_code}).json()["results"]
        assert [r["id"] for r in found] == [report.pk], who


def test_an_accused_clerk_does_not_find_the_report_by_its_petitioner_s_phone(api, town, people):
    accused = make_staff(Role.RECEPTION, username="accused_clerk", platform=town["hall"])
    report = make_case(category=Category.MISCONDUCT, what_happened=SECRET)
    Case.objects.filter(pk=report.pk).update(accused_user=accused)
    api.force_login(accused)
    page = api.get("/api/v1/petitioners/lookup/", {"phone": "13900000000"})
    assert page.status_code == 200
    assert report.pk not in [c["id"] for c in page.json()["cases"]]
    api.force_login(people["reception"])
    assert report.pk in [
        c["id"] for c in api.get("/api/v1/petitioners/lookup/", {"phone": "13900000000"}).json()["cases"]
    ]


def test_an_anonymous_visitor_is_refused_every_action_and_nothing_is_written(api, scene):
    case = scene["case"]
    for action in actions.ACTIONS:
        page = api.post_json(f"/api/v1/cases/{case.pk}/actions/{action}/", {"version": case.version})
        assert page.status_code == 401
        assert page["WWW-Authenticate"] == "Token"
    assert Case.objects.get(pk=case.pk).version == case.version


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
def test_someone_who_sees_the_case_but_may_not_act_gets_403(api, town, people, case_at, who, status, action):
    case = case_at(status)
    if action == actions.DECIDE_EXTENSION.name:
        case = services.case_ask_extension(case=case, by=people["officer"], days=10, reason="复杂")
    case.assisting_departments.add(town["dept_b"])
    person = {
        "community": lambda: make_staff(Role.COMMUNITY_STAFF, community=town["community_a"]),
        "assisting": lambda: people["other_officer"],
    }.get(who, lambda: people[who])()
    api.force_login(person)
    assert api.get(f"/api/v1/cases/{case.pk}/").status_code == 200, "they can see it"
    before = (case.version, case.events.count())

    page = api.post_json(
        f"/api/v1/cases/{case.pk}/actions/{action}/", {"version": case.version, "text": "x", "reason": "x"}
    )

    assert page.status_code == 403
    assert page.json()["code"] == "permission_denied"
    case.refresh_from_db()
    assert (case.version, case.events.count()) == before
