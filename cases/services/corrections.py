"""The administrator's corrections to a case's record: only fields no rule depends on, each on the timeline."""

from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Case, CaseEvent
from .writes import acting_unit

# What the admin may still correct: typing slips that decide nothing. Category, subject, place, the accused,
# the dates, routing and the clock decide who sees the case and when it is due: only the services change them.
ADMIN_CORRECTABLE = ("address", "headcount", "is_group_visit", "visit_kind", "is_level_skipping")


def _shown(name: str, value) -> str:
    field = Case._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return f"“{value}”" if isinstance(value, str) else str(value)


def case_correct(*, case: Case, by: AbstractBaseUser, changes: Mapping[str, object]) -> Case:
    """Correct harmless fields of `case`, with an internal timeline note saying what changed from what.

    The row is locked and compared as it is now, so the note is true even if someone wrote meanwhile; the
    version moves, so a page opened before the correction is stale. Nothing changed: no write, no note.
    """
    refused = sorted(set(changes) - set(ADMIN_CORRECTABLE))
    if refused:
        raise ValidationError(
            _("Only the services change these fields: %(fields)s.") % {"fields": ", ".join(refused)}, code="refused"
        )
    with transaction.atomic():
        stored = Case.objects.select_for_update().get(pk=case.pk)
        changed = {name: value for name, value in changes.items() if getattr(stored, name) != value}
        if not changed:
            return stored
        lines = [
            f"{Case._meta.get_field(name).verbose_name}: {_shown(name, getattr(stored, name))} → {_shown(name, value)}"
            for name, value in changed.items()
        ]
        now = timezone.now()
        Case.objects.filter(pk=stored.pk).update(**changed, updated_at=now, version=F("version") + 1)
        CaseEvent.objects.create(
            case=stored,
            at=now,
            actor=by,
            kind=CaseEvent.Kind.NOTE,
            note=_("Corrected by the administrator: %(changes)s") % {"changes": "; ".join(lines)},
            is_public=False,
            department=acting_unit(by),
        )
    stored.refresh_from_db()
    return stored
