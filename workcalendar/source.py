"""The town's calendar as core.calendar reads it: the entered days and notice years, held in memory.

A clock counts many days at a time, so the calendar is read once and kept. A change anywhere bumps a
generation in the shared cache (Redis in production) when it commits; each process looks at the generation at
most every WORK_CALENDAR_RECHECK_SECONDS and reads the calendar again when it moved, and in any case after
WORK_CALENDAR_MAX_AGE_SECONDS. The process that made the change forgets its copy at once.
"""

import secrets
import threading
import time
from datetime import date

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "workcalendar:generation"


class TownCalendar:
    """core.calendar.CalendarSource over the workcalendar tables."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries: dict[date, bool] | None = None
        self._years: frozenset[int] = frozenset()
        self._generation: str | None = None
        self._loaded_at = 0.0
        self._checked_at = 0.0

    # -- core.calendar.CalendarSource --------------------------------------------------------------
    def entry(self, day: date) -> bool | None:
        return self._fresh()[0].get(day)

    def has_notice(self, year: int) -> bool:
        return year in self._fresh()[1]

    # -- keeping it fresh --------------------------------------------------------------------------
    def forget(self) -> None:
        """Read the calendar again on the next question (this process changed it)."""
        with self._lock:
            self._entries = None

    def _fresh(self) -> tuple[dict[date, bool], frozenset[int]]:
        now = time.monotonic()
        with self._lock:
            entries = self._entries
            if entries is not None and now - self._checked_at < settings.WORK_CALENDAR_RECHECK_SECONDS:
                return entries, self._years
            generation = current_generation()
            self._checked_at = now
            if (
                entries is not None
                and generation == self._generation
                and now - self._loaded_at < settings.WORK_CALENDAR_MAX_AGE_SECONDS
            ):
                return entries, self._years
            self._entries, self._years = _load()
            self._generation, self._loaded_at = generation, now
            return self._entries, self._years


def _load() -> tuple[dict[date, bool], frozenset[int]]:
    from .models import CalendarDay, HolidayNotice

    entries = {day: kind == CalendarDay.Kind.WORK for day, kind in CalendarDay.objects.values_list("day", "kind")}
    return entries, frozenset(HolidayNotice.objects.values_list("year", flat=True))


def current_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # A cleared cache: start a generation every process will then agree on.
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_generation() -> None:
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


town_calendar = TownCalendar()
