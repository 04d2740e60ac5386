"""Real parallel requests on PostgreSQL: people acting on one case at once, and one form sent many times at once.

Each request runs in its own thread with its own client and database connection, the threads held at a
barrier so they start together, and every transaction really commits (transactional database), so what
is tested is the database's locking and the conditional update, not one connection's view of it. Each race
runs a few rounds so a lost race does not pass by luck. A 500 surfaces as the exception the test client
re-raises.
"""

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, CaseEvent, ExtensionStatus, Status
from grids.models import Platform, Role

from ..cases.handling.conftest import walk
from ..cases.intake.helpers import JPEG, PDF, counter_post, upload, web_post
from ..factories import SubjectFactory, make_case, make_staff

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the races are PostgreSQL's locking; CI runs it"),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 5


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_rate_limit_in_the_way(settings):
    # Eight posts from one address in a second is what is tested here, not what the limiter refuses.
    settings.WEB_INTAKE_RATE = "1000/m"


@pytest.fixture
def cast(town):
    """The petition office and grid worker who bring a case to the department, and two of each who race."""
    dept = town["dept_a"]
    return {
        "office": make_staff(Role.PETITION_OFFICE, username="office"),
        "grid": make_staff(Role.GRID_WORKER, username="grid", community=town["community_a"], grid=town["grid_a"]),
        "officer": make_staff(Role.DEPARTMENT_OFFICER, username="officer", department=dept),
        "officer2": make_staff(Role.DEPARTMENT_OFFICER, username="officer2", department=dept),
        "head": make_staff(Role.DEPARTMENT_HEAD, username="head", department=dept),
        "head2": make_staff(Role.DEPARTMENT_HEAD, username="head2", department=dept),
    }


@pytest.fixture
def case_at(town, cast):
    subject = SubjectFactory(code="illegal-construction", name="违法搭建", default_department=town["dept_a"])

    def make(status: str) -> Case:
        case = make_case(grid=town["grid_a"], subject=subject, received_at=timezone.now())
        return walk(case, status, town, cast)

    return make


def race(clients: list[Client], send: Callable[[int, Client], object]) -> list:
    """Every client sends at the same moment, each from its own thread and connection; their responses."""
    barrier = threading.Barrier(len(clients))

    def run(index: int):
        try:
            barrier.wait(timeout=30)
            return send(index, clients[index])
        finally:
            connection.close()  # the thread's own connection, or the test database cannot be dropped

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(run, range(len(clients))))


def logged_in(*users) -> list[Client]:
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def act(client: Client, case: Case, action: str, version: int, **fields):
    data = {f"{action}-version": version, **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(reverse("handling:action", args=[case.pk, action]), data)


def with_photo(**fields) -> dict:
    # A fresh file object per request: each thread reads its own.
    return {**web_post(**fields), "attachments": [upload("photo.jpg", JPEG)]}


def outcomes(pages) -> Counter:
    return Counter(page.status_code for page in pages)


def test_it_lets_one_of_two_officers_signing_at_once_win_and_keeps_one_sign_on_the_timeline(cast, case_at):
    clients = logged_in(cast["officer"], cast["officer2"])
    for _round in range(ROUNDS):
        case = case_at(Status.ASSIGNED)
        version, events = case.version, case.events.count()

        pages = race(clients, lambda i, c, case=case, v=version: act(c, case, "sign", v, notice=f"第{i}位签收"))

        assert outcomes(pages) == Counter({302: 1, 409: 1})
        case.refresh_from_db()
        assert (case.status, case.version) == (Status.IN_PROGRESS, version + 1)
        assert case.events.count() == events + 1
        signed = case.events.get(new_status=Status.IN_PROGRESS)
        winner = [page.status_code for page in pages].index(302)
        assert signed.note == f"第{winner}位签收", "the event is the winner's, whole"
        assert case.accepted_at is not None and case.reply_due_on is not None


def test_it_keeps_the_one_reply_that_won_when_two_officers_reply_at_once(cast, case_at):
    clients = logged_in(cast["officer"], cast["officer2"])
    for _round in range(ROUNDS):
        case = case_at(Status.IN_PROGRESS)
        version, events = case.version, case.events.count()
        texts = ["甲：经查属实，已拆除。", "乙：经查不属实。"]
        choices = ["upheld", "not_upheld"]

        def send(i, c, case=case, version=version, texts=texts, choices=choices):
            return act(c, case, "reply", version, outcome=choices[i], text=texts[i], legal_basis="依据")

        pages = race(clients, send)

        assert outcomes(pages) == Counter({302: 1, 409: 1})
        winner = [page.status_code for page in pages].index(302)
        case.refresh_from_db()
        assert (case.status, case.version) == (Status.REPLIED, version + 1)
        assert (case.outcome, case.reply_text) == (choices[winner], texts[winner]), "nothing of the loser's is kept"
        assert case.events.count() == events + 1
        assert case.events.get(new_status=Status.REPLIED).note == texts[winner]


def test_it_records_one_decision_when_two_heads_decide_the_same_extension_at_once(cast, case_at):
    clients = logged_in(cast["head"], cast["head2"])
    for _round in range(ROUNDS):
        case = case_at(Status.IN_PROGRESS)
        case = services.case_ask_extension(case=case, by=cast["officer"], days=15, reason="需现场测绘")
        version, events, due = case.version, case.events.count(), case.reply_due_on
        decisions = [{"decision": "approve"}, {"decision": "refuse", "note": "材料齐全，按期答复"}]

        def send(i, c, case=case, version=version, decisions=decisions):
            return act(c, case, "decide_extension", version, **decisions[i])

        pages = race(clients, send)

        assert outcomes(pages) == Counter({302: 1, 409: 1})
        winner = [page.status_code for page in pages].index(302)
        case.refresh_from_db()
        assert case.version == version + 1
        assert case.events.count() == events + 1
        decided = case.events.get(kind__in=[CaseEvent.Kind.EXTENSION_GRANTED, CaseEvent.Kind.EXTENSION_REFUSED])
        if winner == 0:
            assert (case.extension_status, decided.kind) == (ExtensionStatus.GRANTED, CaseEvent.Kind.EXTENSION_GRANTED)
            assert case.reply_due_on > due
        else:
            assert (case.extension_status, decided.kind) == (ExtensionStatus.REFUSED, CaseEvent.Kind.EXTENSION_REFUSED)
            assert case.reply_due_on == due


def test_it_creates_one_case_when_a_resident_form_arrives_eight_times_at_once(town):
    platform = Platform.objects.create(
        code="C01", name="银一居委信访平台", kind="community", community=town["community_a"]
    )
    address = reverse("web-form", args=[platform.code])
    done = reverse("web-done", args=[platform.code])
    for round_ in range(ROUNDS):
        before = Case.objects.count()
        # One browser hammering the button: eight requests of one session, as a phone's repeated taps send.
        browser = Client()
        browser.get(address)
        key = f"web-race-{round_}"

        pages = race([browser] * 8, lambda i, c, key=key: c.post(address, with_photo(submission_key=key)))

        assert outcomes(pages) == Counter({302: 8})
        assert all(page["Location"].startswith(done) for page in pages)
        assert Case.objects.count() == before + 1
        case = Case.objects.get(submission_key=key)
        assert case.events.filter(kind=CaseEvent.Kind.REGISTERED).count() == 1
        assert case.case_petitioners.count() == 1
        assert case.attachments.count() == 1, "the photo once, not once per request that lost the race"
        assert case.events.filter(kind=CaseEvent.Kind.ATTACHMENT).count() == 1


def test_it_creates_one_case_when_two_clerks_send_one_counter_form_at_once(town, reception):
    second = make_staff(Role.RECEPTION, username="reception2", platform=town["hall"])
    clients = logged_in(reception, second)
    for round_ in range(ROUNDS):
        before = Case.objects.count()
        key = f"counter-race-{round_}"
        data = counter_post(platform=town["hall"].pk, submission_key=key)

        def send(i, c, data=data):
            return c.post("/intake/new/", {**data, "attachments": [upload("a.pdf", PDF)]})

        pages = race(clients, send)

        assert outcomes(pages) == Counter({302: 2})
        case = Case.objects.get(submission_key=key)
        assert {page["Location"] for page in pages} == {reverse("intake-receipt", args=[case.pk])}
        assert Case.objects.count() == before + 1
        assert case.events.filter(kind=CaseEvent.Kind.REGISTERED).count() == 1
        assert case.case_petitioners.count() == 1
        assert case.attachments.count() == 1, "the scan once, not once per clerk"
