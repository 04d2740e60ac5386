"""The path every write takes: refuse first (a stranger, a stale page, a state that does not allow it), then a
conditional update on the status and version with the event row in the same transaction."""

from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from core.conditional import update_if_unchanged

from ..models import Mediation, MediationEvent
from ..policy import may_conduct


class MediationConflict(Exception):
    """The mediation changed since the caller read it; nothing was written."""


def guard(
    *, mediation: Mediation, by: AbstractBaseUser | None, expected_version: int | None, allowed: tuple, message: str
) -> None:
    if by is not None and not may_conduct(by, mediation):
        raise PermissionDenied
    if expected_version is not None and expected_version != mediation.version:
        raise MediationConflict
    if mediation.status not in allowed:
        raise ValidationError(message, code="state")


def step(
    *,
    mediation: Mediation,
    by: AbstractBaseUser | None,
    kind: str,
    note: str = "",
    to_status: str = "",
    changes: dict | None = None,
    at: datetime | None = None,
) -> MediationEvent:
    """Move the version (and the status) on if the row is as read, and write the event. Inside atomic()."""
    values = dict(changes or {})
    if to_status:
        values["status"] = to_status
    if not update_if_unchanged(
        Mediation, pk=mediation.pk, version=mediation.version, expected={"status": mediation.status}, changes=values
    ):
        raise MediationConflict
    event = MediationEvent.objects.create(
        mediation=mediation,
        kind=kind,
        old_status=mediation.status if to_status else "",
        new_status=to_status,
        note=note[:2000],
        actor=by,
        at=at or timezone.now(),
    )
    for field, value in values.items():
        setattr(mediation, field, value)
    mediation.version += 1
    return event


def in_town_language(make):
    """Text kept in a record (an event's note) is written in the town's language, whoever's page wrote it."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(make())


def required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value
