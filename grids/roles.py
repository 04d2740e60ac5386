"""Roles map to Django groups. Each app declares which of its permissions each role gets; this module
keeps the groups equal to the sum of those declarations."""

from collections.abc import Mapping

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import Role

# Roles that see every case of the town (never a report of misconduct against themselves, though).
TOWN_WIDE_ROLES = frozenset({Role.PETITION_OFFICE, Role.TOWN_LEADER, Role.ADMINISTRATOR, Role.RECEPTION})

# role -> "app_label.codename" permissions, filled by each app's declaration when the apps are ready.
ROLE_PERMISSIONS: dict[str, list[str]] = {role: [] for role in Role}


def declare_role_permissions(declaration: Mapping[str, list[str]]) -> None:
    """An app says what its permissions mean for each role; called from the app's ready()."""
    for role, perms in declaration.items():
        known = ROLE_PERMISSIONS[role]
        known.extend(p for p in perms if p not in known)


def _permissions(names: list[str]) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in names}
    perms = Permission.objects.filter(content_type__app_label__in={app for app, _ in wanted}).select_related(
        "content_type"
    )
    found = [p for p in perms if (p.content_type.app_label, p.codename) in wanted]
    missing = wanted - {(p.content_type.app_label, p.codename) for p in found}
    # An app whose permissions do not exist yet has not migrated yet (an app after this one in INSTALLED_APPS):
    # its own post_migrate brings the groups up to date; only a name its migrated app lacks is a mistake.
    migrated = set(
        Permission.objects.filter(content_type__app_label__in={app for app, _ in missing})
        .values_list("content_type__app_label", flat=True)
        .distinct()
    )
    missing = {(app, codename) for app, codename in missing if app in migrated}
    if missing:
        raise LookupError(f"Unknown permissions: {sorted(missing)}")
    return found


@transaction.atomic
def roles_sync() -> None:
    """Create one group per role and give it exactly the permissions declared for it."""
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        group.permissions.set(_permissions(ROLE_PERMISSIONS[role]))


def sync_role_groups(sender, **kwargs) -> None:
    """post_migrate receiver: an app that declared role permissions brings the groups up to date.

    Each declaring app connects it; migrate creates an app's permissions in that app's own post_migrate, so
    while a declaring app further down the list has none yet, the groups wait for that app's turn.
    """
    declared = {name.split(".", 1)[0] for names in ROLE_PERMISSIONS.values() for name in names}
    present = set(
        Permission.objects.filter(content_type__app_label__in=declared).values_list(
            "content_type__app_label", flat=True
        )
    )
    if declared - present:
        return
    roles_sync()
