"""Who sees which case: scoped by department, grid and assignment; never the accused."""

import pytest

from cases.models import CaseAssignment, Category
from cases.policy import cases_visible_to
from grids.models import Role

from ..factories import make_case, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(town):
    a = make_case(grid=town["grid_a"])
    b = make_case(grid=town["grid_b"])
    type(a).objects.filter(pk=a.pk).update(lead_department=town["dept_a"])
    type(b).objects.filter(pk=b.pk).update(lead_department=town["dept_b"])
    return a, b


def test_an_officer_sees_only_their_departments_cases(town, cases):
    owner = make_staff(Role.DEPARTMENT_OFFICER, department=town["dept_a"])
    outsider = make_staff(Role.DEPARTMENT_OFFICER, department=town["dept_b"])

    assert list(cases_visible_to(owner)) == [cases[0]]
    assert list(cases_visible_to(outsider)) == [cases[1]]


def test_an_assisting_department_sees_the_case_too(town, cases):
    cases[1].assisting_departments.add(town["dept_a"])
    colleague = make_staff(Role.DEPARTMENT_OFFICER, department=town["dept_a"])

    assert set(cases_visible_to(colleague)) == set(cases)


def test_a_grid_worker_sees_their_grids_cases_only(town, cases):
    worker = make_staff(Role.GRID_WORKER, community=town["community_a"], grid=town["grid_a"])

    assert list(cases_visible_to(worker)) == [cases[0]]


def test_a_mediator_sees_only_what_they_are_assigned(town, cases):
    mediator = make_staff(Role.MEDIATOR)
    assert not cases_visible_to(mediator).exists()

    CaseAssignment.objects.create(case=cases[1], user=mediator)
    assert list(cases_visible_to(mediator)) == [cases[1]]


def test_the_petition_office_sees_the_whole_town(town, cases):
    office = make_staff(Role.PETITION_OFFICE)
    assert set(cases_visible_to(office)) == set(cases)


def test_a_misconduct_report_never_reaches_the_accused_department(town, cases):
    report = make_case(category=Category.MISCONDUCT, accused_department=town["dept_a"])
    type(report).objects.filter(pk=report.pk).update(lead_department=town["dept_a"])
    accused = make_staff(Role.DEPARTMENT_HEAD, department=town["dept_a"])
    office = make_staff(Role.PETITION_OFFICE)

    assert report not in cases_visible_to(accused)
    assert report in cases_visible_to(office)


def test_a_misconduct_report_never_reaches_the_accused_person_even_at_the_petition_office(town):
    accused = make_staff(Role.PETITION_OFFICE)
    report = make_case(category=Category.MISCONDUCT)
    type(report).objects.filter(pk=report.pk).update(accused_user=accused)

    assert report not in cases_visible_to(accused)
    assert report in cases_visible_to(make_staff(Role.TOWN_LEADER))


def test_an_anonymous_visitor_and_a_user_without_a_role_see_nothing(town, cases, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert not cases_visible_to(AnonymousUser()).exists()
    assert not cases_visible_to(django_user_model.objects.create_user("norole", password="x" * 12)).exists()
