"""The queue's option counts: one aggregate over every case the person may see, kept a short while.

Everyone who sees the whole town (the petition office, the town's leaders: unless a report accuses them)
sees the same counts, so they share one entry: the town's counts are made once per interval for all of
them instead of once per person. While anyone has lately opened the unfiltered list, a beat task counts
it again before the entry runs out (cases.tasks.warm_town_queue_counts), so nobody waits the seconds a
count of a million cases takes; filtered views are counted on first request and then kept.

Kept: the numbers only. The sentence around the total is written in the reader's language on the way out.
"""

import hashlib
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from grids.models import Community, GridTier

from ..models import Case, Subject
from ..policy import sees_whole_town

# How long counts are kept; the page says they may be this old.
QUEUE_COUNTS_SECONDS = 30
# How long after someone opened the unfiltered town list its counts are kept warm.
WANTED_SECONDS = 600
TOWN = "town"
_WANTED_KEY = "queue-counts:wanted:" + TOWN


def facet_choices() -> dict:
    return {
        "tiers": list(GridTier.objects.all()),
        "communities": list(Community.objects.all()),
        "subjects": list(Subject.objects.filter(is_active=True)),
    }


def scope_of(user: AbstractBaseUser) -> str:
    """Whose counts these are: the whole town's (shared), or this person's own."""
    return TOWN if sees_whole_town(user) else f"user:{user.pk}"


def counts_key(scope: str, today: date, query: str) -> str:
    digest = hashlib.sha256(f"{scope}|{today.isoformat()}|{query}".encode()).hexdigest()
    return f"queue-counts:{digest}"


def count_options(filterset) -> dict:
    """{"total": n, "counts": {"status:open": n, …}, "counted_at": ISO time}: the filterset's facets, counted
    in one query, and when (the page says how old the counts are: they are exact as of then)."""
    facets = filterset.facets(**facet_choices())
    return {
        "total": sum(o.count for o in facets["status"] if o.selected),
        "counted_at": timezone.now().isoformat(),
        "counts": {f"{name}:{o.value}": o.count for name, options in facets.items() for o in options},
    }


def cached_counts(*, user: AbstractBaseUser, today: date, query: str, make_filterset) -> dict:
    """The counts for this person and these filters (query: the list's parameters without its position)."""
    scope = scope_of(user)
    if scope == TOWN and not query:
        cache.set(_WANTED_KEY, True, WANTED_SECONDS)
    key = counts_key(scope, today, query)
    counts = cache.get(key)
    if counts is None:
        counts = count_options(make_filterset())
        cache.set(key, counts, QUEUE_COUNTS_SECONDS)
    return counts


def town_cases() -> QuerySet[Case]:
    """Every case: what a person who sees the whole town sees (sees_whole_town checked that nothing is kept
    from them)."""
    return Case.objects.all()


def warm_town_counts(*, today: date, make_filterset) -> bool:
    """Count the unfiltered town list again if someone opened it lately; whether it did."""
    if not cache.get(_WANTED_KEY):
        return False
    cache.set(counts_key(TOWN, today, ""), count_options(make_filterset()), QUEUE_COUNTS_SECONDS)
    return True
