"""Every change of the calendar is recorded (who, when, what, before and after) and announced when it commits.

The record is written by model signals, so a change made in the admin, by a command or in a shell is recorded
alike; the admin names the person through `changes_by`. When the transaction commits, the other processes
are told (the cache generation) and `calendar_changed` is sent with the first day whose counting may differ,
so the floors above recompute what they stored (cases recomputes every due date from that day on).
"""

import contextlib
import contextvars
from datetime import date

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal

from .models import CalendarChange, CalendarDay, HolidayNotice
from .source import bump_generation, town_calendar

# Sent on commit with `first_day`: the earliest day the change may count differently.
calendar_changed = Signal()

_acting_user = contextvars.ContextVar("workcalendar_acting_user", default=None)


@contextlib.contextmanager
def changes_by(user):
    """Changes made inside are recorded as this person's (the admin wraps its views in it)."""
    token = _acting_user.set(user if user is not None and user.is_authenticated else None)
    try:
        yield
    finally:
        _acting_user.reset(token)


def _values(instance) -> dict:
    if isinstance(instance, CalendarDay):
        return {
            "day": instance.day.isoformat(),
            "kind": instance.kind,
            "name": instance.name,
            "notice_year": instance.notice.year if instance.notice_id else None,
        }
    return {
        "year": instance.year,
        "title": instance.title,
        "published_on": instance.published_on.isoformat() if instance.published_on else None,
        "source": instance.source,
    }


def _what(instance) -> str:
    if isinstance(instance, CalendarDay):
        return f"{instance.day.isoformat()}"
    return f"{instance.year} {instance.title}"[:100]


def _first_day(values: dict | None) -> date | None:
    if not values:
        return None
    if "day" in values:
        return date.fromisoformat(values["day"])
    # A notice decides how every unlisted day of its year counts.
    return date(values["year"], 1, 1)


def _announce_on_commit(first_day: date | None) -> None:
    """One announcement per transaction, from the earliest day any of its changes touched."""
    town_calendar.forget()
    if first_day is None:
        return
    pending = getattr(connection, "_workcalendar_first_day", None)
    connection._workcalendar_first_day = first_day if pending is None else min(pending, first_day)
    # Every change asks; the first callback to run takes the earliest day, the others find nothing left. (A
    # rolled-back transaction's day stays behind and only widens the next recount.)
    transaction.on_commit(_committed)


def _committed() -> None:
    first_day = getattr(connection, "_workcalendar_first_day", None)
    if first_day is None:
        return
    connection._workcalendar_first_day = None
    bump_generation()
    town_calendar.forget()
    calendar_changed.send(sender=CalendarDay, first_day=first_day)


def _remember_before(sender, instance, raw=False, **kwargs):
    before = None
    if instance.pk and not raw:
        stored = sender._default_manager.filter(pk=instance.pk).first()
        before = _values(stored) if stored is not None else None
    instance._calendar_before = before


def _record_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_calendar_before", None)
    after = _values(instance)
    if before == after:
        return
    CalendarChange.objects.create(
        by=_acting_user.get(),
        action=CalendarChange.Action.ADDED if before is None else CalendarChange.Action.CHANGED,
        what=_what(instance),
        before=before,
        after=after,
    )
    days = [d for d in (_first_day(before), _first_day(after)) if d is not None]
    _announce_on_commit(min(days) if days else None)


def _record_delete(sender, instance, **kwargs):
    before = _values(instance) if isinstance(instance, HolidayNotice) else _day_values_safely(instance)
    CalendarChange.objects.create(
        by=_acting_user.get(), action=CalendarChange.Action.DELETED, what=_what(instance), before=before, after=None
    )
    _announce_on_commit(_first_day(before))


def _day_values_safely(day: CalendarDay) -> dict:
    # Deleted with its notice: the notice row may already be gone, its year is still the day's.
    values = {"day": day.day.isoformat(), "kind": day.kind, "name": day.name, "notice_year": day.day.year}
    return values


def connect() -> None:
    for model in (HolidayNotice, CalendarDay):
        uid = model._meta.label_lower
        pre_save.connect(_remember_before, sender=model, dispatch_uid=f"workcalendar.before.{uid}")
        post_save.connect(_record_save, sender=model, dispatch_uid=f"workcalendar.save.{uid}")
        post_delete.connect(_record_delete, sender=model, dispatch_uid=f"workcalendar.delete.{uid}")
