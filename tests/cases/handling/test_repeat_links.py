"""A repeat petition names its earlier case only to those who may see it: the accused learn nothing of a report."""

import pytest
from django.urls import reverse

from cases.models import Case, Category
from cases.services import PetitionerData

from ...factories import make_case
from .conftest import route

pytestmark = pytest.mark.django_db

PHONE = "13977778888"


@pytest.fixture
def report(town, people):
    """A report of misconduct against department A, handled by department B."""
    case = make_case(
        category=Category.MISCONDUCT,
        accused_department=town["dept_a"],
        petitioners=[PetitionerData(name="王五", phone=PHONE)],
    )
    return route(case, town, people, lead_department=town["dept_b"], people=[])


@pytest.fixture
def repeat(town, people, report):
    """The same petitioner comes back about something department A handles."""
    case = make_case(repeat_of=report, petitioners=[PetitionerData(name="王五", phone=PHONE)])
    return route(case, town, people)


def test_the_accused_department_sees_no_code_or_link_of_the_report_on_the_repeats_page(client, people, report, repeat):
    client.force_login(people["officer"])
    html = client.get(reverse("handling:case", args=[repeat.pk])).content.decode()

    assert report.tracking_code not in html
    assert reverse("handling:case", args=[report.pk]) not in html
    assert 'data-testid="repeat-of"' in html  # it still says it is a repeat petition


def test_those_who_may_see_the_report_get_its_code_and_link(client, people, report, repeat):
    client.force_login(people["office"])
    html = client.get(reverse("handling:case", args=[repeat.pk])).content.decode()

    assert report.tracking_code in html
    assert reverse("handling:case", args=[report.pk]) in html


def test_an_accused_clerk_does_not_find_the_report_by_its_petitioners_phone(client, town, people):
    report = make_case(category=Category.MISCONDUCT, petitioners=[PetitionerData(name="王五", phone=PHONE)])
    Case.objects.filter(pk=report.pk).update(accused_user=people["reception"])
    ordinary = make_case(petitioners=[PetitionerData(name="王五", phone=PHONE)])

    client.force_login(people["reception"])
    html = client.get(reverse("intake-lookup"), {"p-0-phone": PHONE}).content.decode()
    assert ordinary.tracking_code in html
    assert report.tracking_code not in html

    client.force_login(people["office"])
    assert report.tracking_code in client.get(reverse("intake-lookup"), {"p-0-phone": PHONE}).content.decode()
