"""Roles map to groups with exactly the permissions in grids.roles; profiles carry what a role needs."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from grids.models import Role
from grids.roles import ROLE_PERMISSIONS, roles_sync

from ..factories import make_staff

pytestmark = pytest.mark.django_db


def _perms(group: Group) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_every_role_has_a_group_with_exactly_its_permissions():
    roles_sync()
    for role in Role:
        assert _perms(Group.objects.get(name=role)) == set(ROLE_PERMISSIONS[role])


def test_syncing_again_removes_a_permission_added_by_hand():
    roles_sync()
    group = Group.objects.get(name=Role.RECEPTION)
    from django.contrib.auth.models import Permission

    group.permissions.add(Permission.objects.get(codename="triage_case"))
    roles_sync()
    assert "cases.triage_case" not in _perms(group)


@pytest.mark.parametrize(
    ("role", "may", "may_not"),
    [
        (Role.RECEPTION, ["cases.register_case", "cases.view_case"], ["cases.triage_case", "cases.handle_case"]),
        (Role.PETITION_OFFICE, ["cases.triage_case", "cases.register_case"], ["cases.approve_extension"]),
        (Role.DEPARTMENT_OFFICER, ["cases.handle_case"], ["cases.register_case", "cases.view_dashboard"]),
        (Role.DEPARTMENT_HEAD, ["cases.approve_extension", "cases.view_dashboard"], ["cases.triage_case"]),
        (Role.TOWN_LEADER, ["cases.view_dashboard", "cases.export_cases"], ["cases.handle_case"]),
        (Role.PETITION_AGENT, ["cases.register_case"], ["cases.handle_case"]),
    ],
)
def test_a_role_grants_what_its_people_do_and_nothing_more(town, role, may, may_not):
    places = {"department": town["dept_a"]} if role in (Role.DEPARTMENT_OFFICER, Role.DEPARTMENT_HEAD) else {}
    user = make_staff(role, **places)

    for perm in may:
        assert user.has_perm(perm), perm
    for perm in may_not:
        assert not user.has_perm(perm), perm
    assert not user.is_staff


def test_an_administrator_reaches_the_admin_site(town):
    user = make_staff(Role.ADMINISTRATOR)
    assert user.is_staff and user.is_superuser


def test_a_department_role_needs_a_department(town):
    with pytest.raises(ValidationError):
        make_staff(Role.DEPARTMENT_OFFICER)


def test_a_grid_worker_needs_a_community(town):
    with pytest.raises(ValidationError):
        make_staff(Role.GRID_WORKER)
    user = make_staff(Role.GRID_WORKER, community=town["community_a"], grid=town["grid_a"])
    assert user.staff.grid == town["grid_a"]
