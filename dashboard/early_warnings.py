"""The early warnings: people who petition again and again, and subjects rising in a community."""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from cases.models import Case, CasePetitioner, Petitioner
from cases.policy import accused_q

from . import grouping, reading
from .forms import Params
from .rows import Links, PersonRow, RisingRow
from .scope import Refs, Scope, uses_rollup

# How many rows each early warning lists at the most.
WARNING_ROWS = 10


def repeat_people(scope: Scope, params: Params, base: QuerySet, links: Links, today: date):
    """People with DASHBOARD_REPEAT_MIN_CASES or more cases in the DASHBOARD_REPEAT_WINDOW_DAYS up to the
    period's end, most first."""
    end = min(params.period.end, today)
    start = end - timedelta(days=settings.DASHBOARD_REPEAT_WINDOW_DAYS - 1)
    # The rollup knows each case's case two before: it answers for the threshold of three.
    if uses_rollup(scope, params) and settings.DASHBOARD_REPEAT_MIN_CASES == 3:
        people = _repeat_people_from_rollup(scope, start, end)
    else:
        # From the window's cases (an index range) to their petitioners, not the other way round.
        rows = (
            grouping.received_between(base, start, end)
            .filter(case_petitioners__isnull=False)
            .order_by()
            .values_list("case_petitioners__petitioner_id")
            .annotate(n=Count("pk"), last=Max("received_at"))
            .filter(n__gte=settings.DASHBOARD_REPEAT_MIN_CASES)
        )
        people = [(pid, n, timezone.localdate(last, grouping.tz())) for pid, n, last in rows]
    people.sort(key=lambda p: (-p[1], p[0]))
    top = people[:WARNING_ROWS]
    names = dict(Petitioner.objects.filter(pk__in=[p[0] for p in top] or [0]).values_list("pk", "name"))
    rows = [PersonRow(names.get(pid, ""), n, last, links.person(pid, start, end)) for pid, n, last in top]
    return len(people), rows, (start, end)


def _repeat_people_from_rollup(scope: Scope, start: date, end: date) -> list[tuple[int, int, date]]:
    """The rollup's repeat petitioners without the reports hidden from this viewer: fewer cases, perhaps too few,
    and a latest day that is never the day of a hidden report.
    """
    hidden_cases = grouping.received_between(Case.objects.filter(accused_q(scope.user)), start, end)
    hidden: dict[int, dict[date, int]] = {}
    for pid, received_at in CasePetitioner.objects.filter(case__in=hidden_cases.values("pk")).values_list(
        "petitioner_id", "case__received_at"
    ):
        day = timezone.localdate(received_at, grouping.tz())
        hidden.setdefault(pid, {})[day] = hidden.setdefault(pid, {}).get(day, 0) + 1
    found = reading.read_people(start, end)
    their_days = reading.read_person_days(start, end, [pid for pid, _n, _last in found if pid in hidden])
    people = []
    for pid, n, last in found:
        if pid in hidden:
            n -= sum(hidden[pid].values())
            seen = [d for d, k in their_days.get(pid, {}).items() if k > hidden[pid].get(d, 0)]
            last = max(seen) if seen else None
        if n >= settings.DASHBOARD_REPEAT_MIN_CASES:
            people.append((pid, n, last))
    return people


def rising_subjects(scope: Scope, params: Params, base: QuerySet, refs: Refs, links: Links, today: date):
    period = params.period
    width = min(period.days, settings.DASHBOARD_RISING_WINDOW_DAYS)
    end = min(period.end, today)
    now_start = end - timedelta(days=width - 1)
    before_start, before_end = now_start - timedelta(days=width), now_start - timedelta(days=1)

    def counts(qs: QuerySet) -> list[tuple[int, int, int, int]]:
        return list(
            grouping.received_between(qs, before_start, end)
            .filter(community_id__isnull=False, subject_id__isnull=False)
            .order_by()
            .values_list("community_id", "subject_id")
            .annotate(
                now=Count("pk", filter=Q(received_at__gte=grouping.day_start(now_start))),
                before=Count("pk", filter=Q(received_at__lt=grouping.day_start(now_start))),
            )
        )

    if uses_rollup(scope, params):
        hidden = {(c, s): (n, b) for c, s, n, b in counts(Case.objects.filter(accused_q(scope.user)))}
        rows = []
        for c, s, n, b in reading.read_subjects(before_start, now_start, end):
            hn, hb = hidden.get((c, s), (0, 0))
            rows.append((c, s, n - hn, b - hb))
    else:
        rows = counts(base)
    community_names, subject_names = refs.names("community"), refs.names("subject")
    rising = []
    for community_id, subject_id, now, before in rows:
        if now >= settings.DASHBOARD_RISING_MIN_CASES and now >= settings.DASHBOARD_RISING_FACTOR * before:
            community, subject = str(community_id), str(subject_id)
            rising.append(
                RisingRow(
                    community=community_names.get(community, community),
                    subject=subject_names.get(subject, subject),
                    now=now,
                    before=before,
                    url=links.cohort(community=community, subject=subject, start=now_start, end=end),
                    before_url=links.cohort(community=community, subject=subject, start=before_start, end=before_end),
                )
            )
    rising.sort(key=lambda r: (-(r.now - r.before), -r.now, r.community, r.subject))
    return rising[:WARNING_ROWS], (now_start, end, before_start, before_end)
