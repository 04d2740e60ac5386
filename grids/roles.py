"""Roles map to Django groups; this table says which permissions each group holds."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import Role

_CASE_READ = ["cases.view_case", "cases.view_attachment", "cases.view_caseevent", "cases.view_petitioner"]
_HANDLE = [*_CASE_READ, "cases.handle_case"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.RECEPTION: [*_CASE_READ, "cases.register_case"],
    Role.PETITION_OFFICE: [
        *_HANDLE,
        "cases.register_case",
        "cases.triage_case",
        "cases.decide_review",
        "cases.view_dashboard",
        "cases.export_cases",
    ],
    Role.DEPARTMENT_OFFICER: _HANDLE,
    Role.DEPARTMENT_HEAD: [*_HANDLE, "cases.approve_extension", "cases.view_dashboard", "cases.export_cases"],
    Role.GRID_WORKER: [*_HANDLE, "cases.register_case"],
    Role.MEDIATOR: _HANDLE,
    Role.ENFORCEMENT_OFFICER: _HANDLE,
    Role.COMMUNITY_STAFF: [*_HANDLE, "cases.register_case"],
    Role.PETITION_AGENT: [*_CASE_READ, "cases.register_case"],
    # The town is the level above its departments: its office and leaders decide reviews (复查, 复核).
    Role.TOWN_LEADER: [*_CASE_READ, "cases.decide_review", "cases.view_dashboard", "cases.export_cases"],
    Role.ADMINISTRATOR: [],  # administrators are superusers: they hold every permission
}


def _permissions(names: list[str]) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in names}
    perms = Permission.objects.filter(content_type__app_label__in={app for app, _ in wanted}).select_related(
        "content_type"
    )
    found = [p for p in perms if (p.content_type.app_label, p.codename) in wanted]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        raise LookupError(f"Unknown permissions: {sorted(missing)}")
    return found


@transaction.atomic
def roles_sync() -> None:
    """Create one group per role and give it exactly the permissions in the table."""
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set(_permissions(ROLE_PERMISSIONS[role]))
