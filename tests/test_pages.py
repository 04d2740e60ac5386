"""Staff login, the role home page, the lockout and the admin, as a person would use them."""

import pytest
from django.urls import reverse

from cases.models import Status
from grids.models import Role

from .factories import make_case, make_staff

pytestmark = pytest.mark.django_db


def test_the_home_page_needs_a_login(client):
    page = client.get(reverse("home"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("login"))


def test_a_staff_member_logs_in_and_sees_their_role_home(client, town):
    make_staff(Role.DEPARTMENT_OFFICER, username="officer", department=town["dept_a"])

    page = client.post(reverse("login"), {"username": "officer", "password": "a-long-test-pass"}, follow=True)

    html = page.content.decode()
    assert page.status_code == 200
    assert "部门承办人" in html
    assert "城管执法中队" in html


def test_a_wrong_password_gives_a_message_in_chinese_and_keeps_the_username(client, town):
    make_staff(Role.RECEPTION, username="clerk")

    page = client.post(reverse("login"), {"username": "clerk", "password": "wrong"})

    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="clerk"' in html
    assert "请输入一个正确的" in html  # Django's own zh-hans message


def test_repeated_wrong_passwords_lock_the_account(client, town, settings):
    make_staff(Role.RECEPTION, username="clerk")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "clerk", "password": "wrong"})

    page = client.post(reverse("login"), {"username": "clerk", "password": "a-long-test-pass"})

    assert page.status_code == 429
    assert "登录失败次数过多" in page.content.decode()


def test_the_home_page_counts_only_what_the_person_may_see(client, town):
    mine = make_case(grid=town["grid_a"])
    other = make_case(grid=town["grid_b"])
    type(mine).objects.filter(pk=mine.pk).update(lead_department=town["dept_a"])
    type(other).objects.filter(pk=other.pk).update(lead_department=town["dept_b"])
    client.force_login(make_staff(Role.DEPARTMENT_OFFICER, department=town["dept_a"]))

    html = client.get(reverse("home")).content.decode()

    assert mine.tracking_code in html
    assert other.tracking_code not in html
    assert 'data-testid="count-open">1<' in html


@pytest.mark.parametrize("role", [Role.PETITION_OFFICE, Role.DEPARTMENT_OFFICER, Role.GRID_WORKER])
def test_the_home_page_query_count_does_not_grow_with_the_data(client, town, role):
    places = {
        Role.PETITION_OFFICE: {},
        Role.DEPARTMENT_OFFICER: {"department": town["dept_a"]},
        Role.GRID_WORKER: {"community": town["community_a"], "grid": town["grid_a"]},
    }[role]
    client.force_login(make_staff(role, **places))

    def count_for(n: int) -> int:
        for _ in range(n):
            case = make_case(grid=town["grid_a"])
            type(case).objects.filter(pk=case.pk).update(lead_department=town["dept_a"], status=Status.IN_PROGRESS)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("home")).status_code == 200
        return len(ctx.captured_queries)

    small = count_for(2)
    large = count_for(40)
    assert small == large


def test_the_admin_is_in_chinese_for_the_administrator(client, town):
    client.force_login(make_staff(Role.ADMINISTRATOR))

    html = client.get(reverse("admin:index")).content.decode()

    assert "信访件" in html
    assert "功能片区" in html


def test_logout_is_a_post_and_ends_the_session(client, town):
    client.force_login(make_staff(Role.RECEPTION))

    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302
