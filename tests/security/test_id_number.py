"""The full ID number: kept only when the counter took it, encrypted under keys that live outside the
database, shown masked to everyone, revealed to the petition office and the administrator only, with a
reason that goes to the read log, and never to the accused of a report."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from audit.models import Read
from cases.models import Case, Category, Petitioner
from cases.services import PetitionerData
from grids.models import Role

from ..cases.intake.helpers import counter_post, web_post
from ..factories import DepartmentFactory, make_case, make_staff

pytestmark = pytest.mark.django_db

NUMBER = "310112199003071520"
OLD_KEY = "cHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHA="
NEW_KEY = "cXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXFxcXE="


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def office(town):
    return make_staff(Role.PETITION_OFFICE, username="office", department=DepartmentFactory(code="petition"))


@pytest.fixture
def counter_case(client, reception, town):
    """A walk-in logged at the counter, the visitor's ID card read out."""
    client.force_login(reception)
    page = client.post(
        reverse("intake-counter"),
        counter_post(platform=town["hall"].pk, **{"p-0-id_number": NUMBER.lower()}),
    )
    assert page.status_code == 302
    return Case.objects.get()


def _reveal_url(case: Case) -> str:
    petitioner = case.case_petitioners.get().petitioner
    return reverse("handling:reveal-id-number", args=[case.pk, petitioner.pk])


def _raw_column() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id_number_encrypted FROM {Petitioner._meta.db_table}")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def test_the_counter_keeps_the_number_and_the_database_holds_none_of_its_digits(counter_case):
    [raw] = _raw_column()

    assert raw.startswith("gAAAAA")  # a Fernet token
    # No run of six characters of the number, in any case: not the birth date, not the region, not the tail.
    assert not any(NUMBER[i : i + 6] in raw.upper() for i in range(len(NUMBER) - 5))
    petitioner = counter_case.case_petitioners.get().petitioner
    assert petitioner.id_number_last4 == "1520"
    assert petitioner.masked_id_number == "*" * 14 + "1520"


def test_a_web_form_never_keeps_a_full_number_even_if_one_is_sent(client, town):
    page = client.post(reverse("web-form", args=[town["hall"].code]), web_post(id_number=NUMBER))

    assert page.status_code == 302
    assert _raw_column() == [""]


def test_a_case_registered_outside_the_counter_keeps_hash_and_last_four_only(town):
    make_case(petitioners=[PetitionerData(name="王芳", id_number=NUMBER)])

    petitioner = Petitioner.objects.get()
    assert (petitioner.id_number_encrypted, petitioner.id_number_last4) == ("", "1520")
    assert petitioner.id_number_hash


def test_a_person_known_from_a_hash_gets_the_number_when_the_counter_sees_the_card(client, reception, town):
    make_case(petitioners=[PetitionerData(name="张三", id_number=NUMBER)])
    client.force_login(reception)
    client.post(reverse("intake-counter"), counter_post(platform=town["hall"].pk, **{"p-0-id_number": NUMBER}))

    petitioner = Petitioner.objects.get()
    assert petitioner.id_number_encrypted.startswith("gAAAAA")


def test_the_case_page_shows_the_masked_number_and_the_office_a_way_to_reveal_it(counter_case, office, reception):
    html = _client(office).get(reverse("handling:case", args=[counter_case.pk])).content.decode()

    assert "**************1520" in html
    assert NUMBER not in html and NUMBER[:6] + "1990" not in html
    assert _reveal_url(counter_case) in html
    # The reception hall sees every case, the number masked, and no way to reveal it.
    html = _client(reception).get(reverse("handling:case", args=[counter_case.pk])).content.decode()
    assert "**************1520" in html
    assert _reveal_url(counter_case) not in html


def test_the_office_reveals_it_only_with_a_reason_and_each_reveal_is_logged(counter_case, office):
    url = _reveal_url(counter_case)
    client = _client(office)

    asking = client.get(url)
    assert asking.status_code == 200
    assert NUMBER not in asking.content.decode()
    no_reason = client.post(url, {"reason": ""})
    assert no_reason.status_code == 400
    assert NUMBER not in no_reason.content.decode()
    assert not Read.objects.filter(kind=Read.Kind.ID_NUMBER).exists()

    shown = client.post(url, {"reason": "书面告知书需填写身份证号"})

    assert shown.status_code == 200
    assert NUMBER in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    read = Read.objects.get(kind=Read.Kind.ID_NUMBER)
    assert (read.user, read.obj) == (office, counter_case.case_petitioners.get().petitioner)
    assert "书面告知书需填写身份证号" in read.what and str(counter_case.pk) in read.what
    assert NUMBER[-6:] not in read.what


def test_the_administrator_may_reveal_it_too(counter_case):
    admin = make_staff(Role.ADMINISTRATOR, username="admin")

    shown = _client(admin).post(_reveal_url(counter_case), {"reason": "移交上级信访信息系统"})

    assert NUMBER in shown.content.decode()


@pytest.mark.parametrize("role", [Role.RECEPTION, Role.TOWN_LEADER, Role.DEPARTMENT_OFFICER])
def test_everyone_else_who_sees_the_case_is_refused(counter_case, town, role):
    department = town["dept_a"] if role == Role.DEPARTMENT_OFFICER else None
    user = make_staff(role, username=f"x-{role}", department=department)
    Case.objects.filter(pk=counter_case.pk).update(lead_department=town["dept_a"])
    client = _client(user)
    assert client.get(reverse("handling:case", args=[counter_case.pk])).status_code == 200

    for answer in (client.get(_reveal_url(counter_case)), client.post(_reveal_url(counter_case), {"reason": "想看看"})):
        assert answer.status_code == 403
        assert NUMBER not in answer.content.decode()
    assert not Read.objects.filter(kind=Read.Kind.ID_NUMBER).exists()


def test_anonymous_visitors_are_sent_to_the_login(counter_case):
    answer = Client().post(_reveal_url(counter_case), {"reason": "想看看"})

    assert answer.status_code == 302
    assert reverse("login") in answer["Location"]


def _report_from_the_counter(client, reception, town, **accused):
    client.force_login(reception)
    page = client.post(
        reverse("intake-counter"),
        counter_post(
            platform=town["hall"].pk,
            category=Category.MISCONDUCT,
            accused_name="某工作人员",
            submission_key="report-1",
            **{"p-0-id_number": NUMBER},
        ),
    )
    assert page.status_code == 302
    case = Case.objects.get(submission_key="report-1")
    Case.objects.filter(pk=case.pk).update(**accused)
    return case


def test_the_accused_department_head_never_reaches_the_number(client, reception, town):
    report = _report_from_the_counter(client, reception, town, accused_department=town["dept_a"])
    head = make_staff(Role.DEPARTMENT_HEAD, username="head", department=town["dept_a"])
    Case.objects.filter(pk=report.pk).update(lead_department=town["dept_a"])

    answer = _client(head).post(_reveal_url(report), {"reason": "核实"})

    assert answer.status_code == 404
    assert NUMBER not in answer.content.decode()


def test_an_accused_office_officer_never_reaches_the_number(client, reception, town, office):
    report = _report_from_the_counter(client, reception, town, accused_user=office)

    answer = _client(office).post(_reveal_url(report), {"reason": "核实"})

    assert answer.status_code == 404
    assert NUMBER not in answer.content.decode()


def test_the_office_never_reveals_the_number_of_whoever_reports_one_of_its_own(client, reception, town, office):
    report = _report_from_the_counter(client, reception, town, accused_user=reception)
    # Another officer of the office sees the case (it names a colleague, not him), but not the number.
    assert _client(office).get(reverse("handling:case", args=[report.pk])).status_code == 200
    assert _reveal_url(report) not in _client(office).get(reverse("handling:case", args=[report.pk])).content.decode()

    answer = _client(office).post(_reveal_url(report), {"reason": "核实"})

    assert answer.status_code == 403
    assert NUMBER not in answer.content.decode()
    # The administrator, outside the office, still can.
    admin = make_staff(Role.ADMINISTRATOR, username="admin")
    assert NUMBER in _client(admin).post(_reveal_url(report), {"reason": "上报"}).content.decode()


def test_rotating_keys_reencrypts_every_number_once_and_the_old_key_can_then_go(
    client, reception, town, office, settings
):
    settings.ID_NUMBER_ENCRYPTION_KEYS = [OLD_KEY]
    client.force_login(reception)
    client.post(reverse("intake-counter"), counter_post(platform=town["hall"].pk, **{"p-0-id_number": NUMBER}))
    make_case(petitioners=[PetitionerData(name="无号码")])  # nothing to rotate there
    [before] = [raw for raw in _raw_column() if raw]

    settings.ID_NUMBER_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    first, second = _rotate(), _rotate()

    assert re.search(r"\b1 ID numbers re-encrypted with the first key, 0 already current", first)
    assert re.search(r"\b0 ID numbers re-encrypted with the first key, 1 already current", second)
    [after] = [raw for raw in _raw_column() if raw]
    assert after != before
    settings.ID_NUMBER_ENCRYPTION_KEYS = [NEW_KEY]
    case = Case.objects.get(received_by=reception)
    assert NUMBER in _client(office).post(_reveal_url(case), {"reason": "告知"}).content.decode()


def test_rotation_fails_loudly_when_no_key_opens_a_number(counter_case, settings):
    settings.ID_NUMBER_ENCRYPTION_KEYS = [NEW_KEY]

    with pytest.raises(CommandError, match="1 ID numbers open with none"):
        _rotate()
    assert _raw_column()[0].startswith("gAAAAA")  # left as it was


def test_a_number_no_key_opens_is_reported_not_a_server_error(counter_case, office, settings):
    settings.ID_NUMBER_ENCRYPTION_KEYS = [NEW_KEY]

    answer = _client(office).post(_reveal_url(counter_case), {"reason": "告知"})

    assert answer.status_code == 200
    assert "ID_NUMBER_ENCRYPTION_KEYS" in answer.content.decode()


def _rotate() -> str:
    out = StringIO()
    with translation.override("en"):  # the operator's shell; the Chinese wording is the catalog's
        call_command("rotate_id_number_keys", stdout=out)
    return out.getvalue()
