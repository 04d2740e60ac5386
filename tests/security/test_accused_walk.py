"""The accused walk: as the person a report of misconduct accuses, and as a member of the accused department,
every page, list, search, drill-down, export and notification, and the report is nowhere.

Reports (each with its own petitioner, text and tracking code) against an officer, against his department,
against the petition office and against a reception clerk; ordinary cases around them; reminders swept and
digests sent. Each walker must find nothing of the reports that accuse them, and their counts must leave
them out where a colleague's include them.
"""

import html
import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from cases import actions, clock, services
from cases.models import Attachment, Case, CaseAssignment, Category, Reminder, Status
from cases.reminders.digest import digests_send
from cases.reminders.sweep import reminders_sweep
from cases.services import PetitionerData
from dashboard import cube, periods
from grids.models import Role
from notifications.models import Notification

from ..factories import DepartmentFactory, SubjectFactory, make_case, make_staff

pytestmark = pytest.mark.django_db

NUMBER_LINK = re.compile(r'<a[^>]*href="(/cases/\?[^"]*)"[^>]*>([\d,]+)</a>')
LINK = re.compile(r'href="(/[^"]*)"')
# Links a walk does not follow: static files, the language switch, the admin, leaving.
NOT_WALKED = ("/static/", "/media/", "/i18n/", "/admin/", "/accounts/logout", "/api/")
DRILLED = {"period": "year"}


class Report:
    """A report of misconduct and what would give it away: its code, its words, its petitioner."""

    def __init__(self, case: Case, text: str, name: str, phone: str):
        self.case, self.text, self.name, self.phone = case, text, name, phone

    @property
    def secrets(self) -> list[str]:
        return [self.case.tracking_code, self.text, self.name]


@pytest.fixture
def world(town):
    petition = DepartmentFactory(code="petition", name="信访办")
    subject = SubjectFactory(code="construction", name="违法搭建", default_department=town["dept_a"])
    cast = {
        "office": make_staff(Role.PETITION_OFFICE, username="office", department=petition),
        "clerk": make_staff(Role.RECEPTION, username="clerk", department=petition, platform=town["hall"]),
        "accused": make_staff(Role.DEPARTMENT_OFFICER, username="accused", department=town["dept_a"]),
        "colleague": make_staff(Role.DEPARTMENT_OFFICER, username="colleague", department=town["dept_a"]),
        "head": make_staff(Role.DEPARTMENT_HEAD, username="head", department=town["dept_a"]),
        "handler": make_staff(Role.DEPARTMENT_OFFICER, username="handler", department=town["dept_b"]),
        "grid": make_staff(Role.GRID_WORKER, username="grid", community=town["community_a"], grid=town["grid_a"]),
        "leader": make_staff(Role.TOWN_LEADER, username="leader"),
    }
    today = clock.today()

    def report(text, name, phone, **accused) -> Report:
        accused_user = accused.pop("accused_user", None)
        case = make_case(
            grid=town["grid_a"],
            subject=subject,
            category=Category.MISCONDUCT,
            what_happened=text,
            petitioners=[PetitionerData(name=name, phone=phone)],
            **accused,
        )
        if accused_user is not None:
            Case.objects.filter(pk=case.pk).update(accused_user=accused_user)
        attachment = Attachment(
            case=case, original_name="证据.jpg", content_type="image/jpeg", size=4, stored_name=f"w{case.pk}.jpg"
        )
        attachment.file.save(attachment.stored_name, ContentFile(b"\xff\xd8\xff\xe0"), save=False)
        attachment.save()
        return Report(Case.objects.get(pk=case.pk), text, name, phone)

    reports = {
        "person": report("城管队员收受好处费放任违建", "钱多多", "13811112222", accused_user=cast["accused"]),
        "department": report("执法中队集体包庇违建", "孙清风", "13722223333", accused_department=town["dept_a"]),
        "office": report("信访办压案不报拖延答复", "周明月", "13633334444", accused_department=petition),
        "clerk": report("接待员态度恶劣拒收材料", "吴小雨", "13544445555", accused_user=cast["clerk"]),
    }
    # The report against the officer is handled by his own department (the rule hides it from him alone),
    # overdue; the one against the department by another, answered in writing; the office's wait for triage.
    person = services.case_route(
        case=reports["person"].case,
        by=cast["office"],
        lead_department=town["dept_a"],
        tier=reports["person"].case.tier,
        people=[cast["grid"]],
    )
    services.case_sign(case=person, by=cast["colleague"], notice="已受理")
    late = today - timedelta(days=3)
    Case.objects.filter(pk=person.pk).update(reply_due_on=late, due_on=late)
    department = services.case_route(
        case=reports["department"].case, by=cast["office"], lead_department=town["dept_b"], tier=person.tier
    )
    department = services.case_sign(case=department, by=cast["handler"], notice="已受理")
    # A report of misconduct is answered with the discipline route it took: no outcome.
    services.case_reply(case=department, by=cast["handler"], text="经查属实，已移送纪检监察并整改。")
    Case.objects.filter(pk__in=[reports["office"].case.pk, reports["clerk"].case.pk]).update(transfer_due_on=today)

    # Ordinary work around them, some of it the walkers' own.
    ordinary = []
    for n in range(3):
        case = make_case(grid=town["grid_a"], subject=subject, petitioners=[PetitionerData(name=f"路人{n}")])
        case = services.case_route(case=case, by=cast["office"], lead_department=town["dept_a"], tier=case.tier)
        ordinary.append(services.case_sign(case=case, by=cast["accused"], notice="已受理"))
    Case.objects.filter(pk=ordinary[0].pk).update(reply_due_on=late, due_on=late)
    repeat = make_case(
        grid=town["grid_a"],
        subject=subject,
        petitioners=[PetitionerData(name="路人乙")],
        repeat_of=reports["department"].case,
    )
    repeat = services.case_route(case=repeat, by=cast["office"], lead_department=town["dept_a"], tier=repeat.tier)
    make_case(grid=town["grid_b"], subject=subject, petitioners=[PetitionerData(name="路人丙")])

    reminders_sweep(today=today)
    digests_send(today=today)
    cube.refresh()
    for r in reports.values():
        r.case = Case.objects.get(pk=r.case.pk)
    return {"cast": cast, "reports": reports, "repeat": repeat, "town": town}


# Who walks, and which reports accuse them (as a person, or through their department).
WALKERS = {
    "accused": ["person", "department"],
    "head": ["department"],
    "office": ["office"],
    "clerk": ["clerk", "office"],
}


def _text(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    body = response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(body)) as book:
            return "".join(book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml"))
    return body.decode("utf-8", "replace")


def _assert_nothing_of(response, reports, where: str, typed: str = "") -> str:
    assert response.status_code < 500, where
    text = html.unescape(_text(response))
    if typed:
        # A search box shows back what was typed into it: that is not the report.
        text = text.replace(typed, "")
    for report in reports:
        for secret in report.secrets:
            assert secret not in text, f"{secret!r} shown at {where}"
    return text


def _pages(world, who: str, reports) -> list[tuple[str, dict]]:
    user = world["cast"][who]
    pages = [
        (reverse("home"), {}),
        (reverse("handling:queue"), {}),
        (reverse("handling:queue"), {"status": "all"}),
        (reverse("handling:inbox"), {}),
        (reverse("notifications"), {}),
        (reverse("platforms"), {}),
    ]
    for report in reports:
        for term in (report.case.tracking_code, report.text, report.name, report.phone):
            pages.append((reverse("handling:queue"), {"q": term, "status": "all"}))
    if user.has_perm("cases.register_case"):
        pages.append((reverse("intake-today"), {}))
    if user.has_perm("cases.view_dashboard"):
        dept = str(world["town"]["dept_a"].pk)
        for params in (
            {},
            *({"period": p} for p, _label in periods.PRESETS),
            {"period": "year", "category": Category.MISCONDUCT},
            {"period": "year", "department": dept},
            {"period": "year", "community": str(world["town"]["community_a"].pk)},
        ):
            pages.append((reverse("dashboard:dashboard"), params))
            if user.has_perm("cases.export_cases"):
                pages.append((reverse("dashboard:export-xlsx"), params))
                pages.append((reverse("dashboard:export-csv"), params))
    return pages


@pytest.mark.parametrize("who", list(WALKERS))
def test_the_accused_find_the_report_on_no_page_list_search_or_export(client, world, who):
    reports = [world["reports"][name] for name in WALKERS[who]]
    client.force_login(world["cast"][who])

    for url, params in _pages(world, who, reports):
        response = client.get(url, params)
        text = _assert_nothing_of(response, reports, f"{url}?{params}", typed=params.get("q", ""))
        if "q" in params:
            assert response.context["page"].paginator.count == 0, params
        if url == reverse("dashboard:dashboard") and params == DRILLED:
            # Every link on the dashboard, and every number: it lists exactly that many cases. (One period
            # holding every case is drilled; the other views are walked, not drilled, to keep the suite fast.)
            numbers = {html.unescape(h): n for h, n in NUMBER_LINK.findall(text)}
            assert numbers, "the dashboard shows numbers to follow"
            for href in {html.unescape(h) for h in LINK.findall(text)}:
                if href.startswith(NOT_WALKED):
                    continue
                listed = client.get(href)
                _assert_nothing_of(listed, reports, href)
                if href in numbers:
                    assert listed.context["page"].paginator.count == int(numbers[href].replace(",", "")), href


@pytest.mark.parametrize("who", list(WALKERS))
def test_the_accused_cannot_open_print_download_or_act_on_the_report(client, world, who):
    client.force_login(world["cast"][who])

    for name in WALKERS[who]:
        case = world["reports"][name].case
        attachment = case.attachments.get()
        for url in (
            reverse("handling:case", args=[case.pk]),
            reverse("handling:reply-document", args=[case.pk]),
            reverse("handling:attachment", args=[case.pk, attachment.pk]),
            reverse("intake-receipt", args=[case.pk]),
        ):
            assert client.get(url).status_code in (403, 404), url
        for action in actions.ACTIONS:
            response = client.post(reverse("handling:action", args=[case.pk, action]), {})
            assert response.status_code in (403, 404), action
    assert Case.objects.get(pk=world["reports"]["person"].case.pk).status == Status.IN_PROGRESS


@pytest.mark.parametrize("who", list(WALKERS))
def test_no_reminder_or_notification_about_the_report_reaches_the_accused(client, world, who):
    user = world["cast"][who]
    cases = [world["reports"][name].case for name in WALKERS[who]]

    reminders = Reminder.objects.filter(case__in=cases)
    # The clocks ran and someone else was told.
    assert Notification.objects.filter(subject_type__model="reminder").exclude(recipient=user).exists()
    mine = Notification.objects.filter(recipient=user)
    assert not mine.filter(subject_id__in=reminders.values("pk"), subject_type__model="reminder").exists()
    assert not mine.filter(subject_id__in=[c.pk for c in cases], subject_type__model="case").exists()
    assert not CaseAssignment.objects.filter(case__in=cases, user=user).exists()


def test_the_accused_officers_counts_leave_out_what_his_colleague_counts(client, world):
    cast = world["cast"]

    def counts(who):
        client.force_login(cast[who])
        home = client.get(reverse("home")).context["counts"]
        queue = client.get(reverse("handling:queue"), {"status": "all"}).context["page"].paginator.count
        digest = Notification.objects.get(recipient=cast[who], kind=Notification.Kind.DIGEST, channel="in_app")
        return home, queue, digest.title

    accused_home, accused_queue, accused_digest = counts("accused")
    colleague_home, colleague_queue, colleague_digest = counts("colleague")

    assert colleague_home["open"] == accused_home["open"] + 1
    assert colleague_queue == accused_queue + 1
    overdue = re.compile(r"(\d+)\D+超期")
    assert int(overdue.search(colleague_digest)[1]) == int(overdue.search(accused_digest)[1]) + 1


def test_the_petition_offices_counts_leave_out_what_the_leader_counts(client, world):
    cast = world["cast"]

    def counts(who):
        client.force_login(cast[who])
        home = client.get(reverse("home")).context["counts"]
        queue = client.get(reverse("handling:queue"), {"status": "all"}).context["page"].paginator.count
        return home["open"], home["registered"], queue

    office, leader = counts("office"), counts("leader")

    assert leader == (office[0] + 1, office[1] + 1, office[2] + 1)


def test_a_misrouted_report_stays_out_of_the_accused_departments_dashboard(client, world):
    """Even wrongly led by the department it accuses (old data, a slip), it counts nowhere for that department."""
    head = world["cast"]["head"]
    client.force_login(head)
    params = {"period": "year"}
    before = _text(client.get(reverse("dashboard:export-csv"), params))

    Case.objects.filter(pk=world["reports"]["department"].case.pk).update(lead_department=world["town"]["dept_a"])
    cube.refresh()

    after = client.get(reverse("dashboard:export-csv"), params)
    assert _assert_nothing_of(after, [world["reports"]["department"]], "misrouted export") == before
    page = client.get(reverse("dashboard:dashboard"), params)
    _assert_nothing_of(page, [world["reports"]["department"]], "misrouted dashboard")


@pytest.mark.parametrize("who", ["accused", "head", "colleague"])
def test_a_repeat_petitions_page_says_nothing_of_a_hidden_earlier_report(client, world, who):
    client.force_login(world["cast"][who])
    report = world["reports"]["department"]

    page = client.get(reverse("handling:case", args=[world["repeat"].pk]))

    assert page.status_code == 200
    _assert_nothing_of(page, [report], "the repeat petition's page")
    assert report.phone not in page.content.decode()


def test_the_counter_lookup_finds_nothing_of_a_report_against_the_clerk(client, world):
    client.force_login(world["cast"]["clerk"])

    for name in WALKERS["clerk"]:
        report = world["reports"][name]
        response = client.get(reverse("intake-lookup"), {"p-0-phone": report.phone})
        assert response.status_code == 200
        _assert_nothing_of(response, [report], "the counter lookup")
        assert not response.context["cases"]
