"""The town office dashboard's reads: a fixed number of queries, whatever the number of cases.

Who sees what: the petition office, town leaders and administrators see the whole town; a
department head sees the cases their department leads; anyone else holding the permission sees
what cases_visible_to gives them. Every count starts from cases_visible_to, so a report of
misconduct never counts for (or links to) the person or department it accuses.

Where the numbers come from: a whole-town view without filters reads the rollup (dashboard.cube,
a few hundred rows a day) and takes away the few reports hidden from the viewer; every other view
counts the cases themselves. What depends on today (late while still waiting, overdue, past a
tier's target) is always counted from the open cases.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from cases.clock import soon_until
from cases.models import OPEN_STATUSES, Case, Channel
from cases.policy import accused_q

from . import cube, grouping, measures, reading
from .early_warnings import repeat_people, rising_subjects
from .forms import Params
from .periods import Period
from .rows import RANKED_RATES, TREND_RATES, CountRow, Dashboard, Links, NowRow, RankRow, RateRow, TrendRow, Warnings
from .scope import Refs, Scope, base_cases, refs_load, rollup_department, scope_for

# What the views and exports use: the page's data and whose it is.
__all__ = ["Dashboard", "RateRow", "Refs", "Scope", "dashboard", "refs_load", "scope_for"]


def _rate_rows(counts: dict, links: Links, *, keys=None, **dims) -> list[RateRow]:
    rows = []
    for rate in measures.RATES:
        if keys is not None and rate.key not in keys:
            continue
        num, den, value = measures.rate_value(counts, rate)
        rows.append(RateRow(rate, num, den, value, links, dims))
    return rows


def _merge(*parts: dict) -> dict:
    merged: dict[str, dict[str, dict[str, int]]] = {}
    for part in parts:
        for kind, values in part.items():
            for value, counts in values.items():
                target = merged.setdefault(kind, {}).setdefault(value, {})
                for name, n in counts.items():
                    target[name] = target.get(name, 0) + n
    return merged


def _static_counts(scope: Scope, params: Params, cohort: QuerySet, today: date) -> tuple[dict, str, int]:
    """Static measures per dimension and trend bucket, from the rollup when it can serve, else from the cases."""
    period, unit = params.period, params.trend_unit
    dimensions = grouping.case_dimensions(trend_unit=unit)
    department = rollup_department(scope, params)
    if department is not None:
        # Pages only read: the rollup is as the refresh task last counted it (every DASHBOARD_REFRESH_SECONDS).
        counts = reading.read(period.start, period.end, unit, department)
        hidden = grouping.received_between(Case.objects.filter(accused_q(scope.user)), period.start, period.end)
        if department:
            hidden = hidden.filter(lead_department_id=department)
        rows = grouping.counted(hidden, dimensions, measures.static_columns())
        counted = grouping.subtract(counts, grouping.collect(rows, measures.STATIC_NAMES))
        return counted, "rollup", cube.waiting_days(period.start, period.end)
    rows = grouping.counted(cohort, dimensions, measures.static_columns())
    return grouping.collect(rows, measures.STATIC_NAMES), "cases", 0


def _live_counts(params: Params, cohort: QuerySet, today: date) -> dict:
    # Only the open cases still waiting past their step's date can count: read exactly those (each with its
    # own status, so the planner estimates them right and answers from the open cases' covering index).
    waiting = Q(pk__in=[])
    for condition in measures.live(today).values():
        waiting |= condition
    return grouping.counted_together(
        cohort.filter(waiting),
        grouping.case_dimensions(["all", "department", "community"], trend_unit=params.trend_unit),
        measures.live_columns(today),
    )


def _now_counts(base: QuerySet, today: date) -> dict:
    # Overdue or due soon (due_on up to the last "soon" day) or past the tier's target: a superset, read once
    # (the exact conditions, each with its status, lead the planner away from the open cases' index).
    columns = measures.now_columns(today)
    due = Q(due_on__lte=soon_until(today)) | Q(tier_due_on__lt=today)
    return grouping.counted_together(
        base.filter(due, status__in=OPEN_STATUSES),
        grouping.case_dimensions(["all", "department", "community"]),
        columns,
    )


def _buckets(period: Period, unit: str) -> list[tuple[date, date, date]]:
    """(bucket key, first day in the period, last day in the period) for each week or month of the period."""
    out = []
    key = period.start - timedelta(days=period.start.weekday()) if unit == "week" else period.start.replace(day=1)
    while key <= period.end:
        if unit == "week":
            following = key + timedelta(days=7)
        else:
            following = (key.replace(day=28) + timedelta(days=4)).replace(day=1)
        out.append((key, max(key, period.start), min(following - timedelta(days=1), period.end)))
        key = following
    return out


def _score(rates: dict[str, RateRow]) -> float | None:
    values = [rates[k].value for k in RANKED_RATES if k in rates and rates[k].value is not None]
    return sum(values) / len(values) if values else None


def _rank(rows: list[RankRow], handled: dict[int, int]) -> list[RankRow]:
    """Best score first among those with enough cases; the rest after, by volume."""
    ranked = [r for i, r in enumerate(rows) if handled[i] >= settings.DASHBOARD_RANK_MIN_CASES and r.score is not None]
    others = [
        r for i, r in enumerate(rows) if not (handled[i] >= settings.DASHBOARD_RANK_MIN_CASES and r.score is not None)
    ]
    ranked.sort(key=lambda r: (-r.score, -r.received, r.label))
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    others.sort(key=lambda r: (-r.received, r.label))
    return ranked + others


def _ranking(kind: str, objects: list, counts: dict, now: dict, links: Links, *, none_label: str) -> list[RankRow]:
    rows, handled = [], {}
    values = [(str(o.pk), str(o)) for o in objects]
    if counts.get(kind, {}).get("", {}).get("received") or now.get(kind, {}).get("", {}).get("overdue"):
        values.append(("", none_label))
    for value, label in values:
        c = counts.get(kind, {}).get(value, {})
        link_value = value or "none"
        rates = {r.key: r for r in _rate_rows(c, links, keys=RANKED_RATES, **{kind: link_value})}
        handled[len(rows)] = (
            c.get("routed", 0) if kind == "department" else c.get("received", 0) - c.get("not_accepted", 0)
        )
        rows.append(
            RankRow(
                label=label,
                received=c.get("received", 0),
                received_url=links.cohort("received", **{kind: link_value}),
                rates=rates,
                overdue=now.get(kind, {}).get(value, {}).get("overdue", 0),
                overdue_url=links.now(due="overdue", **{kind: link_value}),
                score=_score(rates) if value else None,
            )
        )
    return _rank(rows, handled)


def dashboard(scope: Scope, params: Params, refs: Refs, today: date) -> Dashboard:
    """Everything the page, and its exports, show."""
    period = params.period
    links = Links(params)
    base = base_cases(scope, params)
    cohort = grouping.received_between(base, period.start, period.end)

    static, source, waiting_days = _static_counts(scope, params, cohort, today)
    live = _live_counts(params, cohort, today)
    counts = _merge(static, live)
    now = _now_counts(base, today)
    totals = counts.get("all", {}).get("", {})

    # Intake: every case received, by channel and by intake platform.
    received = totals.get("received", 0)
    by_channel = []
    for code, label in Channel.choices:
        if params.filters.get("channel") not in (None, "", code):
            continue  # under a channel filter the others are empty, and their links would leave the filter
        n = counts.get("channel", {}).get(code, {}).get("received", 0)
        by_channel.append(
            CountRow(str(label), n, links.cohort(channel=code), share=n / received if received else None, code=code)
        )
    platform_names = refs.names("platform")
    by_platform = [
        CountRow(platform_names.get(value, value), c.get("received", 0), links.cohort(platform=value))
        for value, c in counts.get("platform", {}).items()
        if c.get("received", 0)
    ]
    by_platform.sort(key=lambda r: (-r.count, r.label))

    # Closed cases by the tier they were resolved at (a tier above the town, where one is set up, is a row
    # of its own); "left the town" are the level-skipping petitions, taken over the town's head.
    closed = totals.get("closed", 0)
    tiers = []
    for tier in refs.tiers:
        n = counts.get("resolved_tier", {}).get(str(tier.pk), {}).get("closed", 0)
        row = CountRow(
            str(tier), n, links.cohort("closed", resolved_tier=tier.pk), share=n / closed if closed else None
        )
        row.code = tier.code
        tiers.append(row)
    left_town = CountRow(_("Left the town"), totals.get("level_skipping", 0), links.cohort("level_skipping"))

    # Today's open work per department, worst first.
    department_names = refs.names("department")
    now_rows = []
    for value, c in now.get("department", {}).items():
        link_value = value or "none"
        now_rows.append(
            NowRow(
                label=department_names.get(value, value) if value else _("Awaiting triage"),
                overdue=c.get("overdue", 0),
                due_soon=c.get("due_soon", 0),
                past_tier_target=c.get("past_tier_target", 0),
                overdue_url=links.now(due="overdue", department=link_value),
                due_soon_url=links.now(due="soon", department=link_value),
                past_tier_url=links.now(measure="past_tier_target", department=link_value),
            )
        )
    now_rows = [r for r in now_rows if r.overdue or r.due_soon or r.past_tier_target]
    now_rows.sort(key=lambda r: (-r.overdue, -r.due_soon, -r.past_tier_target, r.label))
    n_all = now.get("all", {}).get("", {})
    now_total = NowRow(
        _("All"),
        n_all.get("overdue", 0),
        n_all.get("due_soon", 0),
        n_all.get("past_tier_target", 0),
        links.now(due="overdue"),
        links.now(due="soon"),
        links.now(measure="past_tier_target"),
    )

    # The trend, week by week or month by month.
    trend = []
    for key, start, end in _buckets(period, params.trend_unit):
        c = counts.get(grouping.TREND, {}).get(key.isoformat(), {})
        label = start.strftime("%m-%d") if params.trend_unit == "week" else key.strftime("%Y-%m")
        trend.append(
            TrendRow(
                start=start,
                end=end,
                label=label,
                received=c.get("received", 0),
                received_url=links.cohort(start=start, end=end),
                closed=c.get("closed", 0),
                closed_url=links.cohort("closed", start=start, end=end),
                rates={
                    r.key: r
                    for r in _rate_rows(
                        c,
                        Links(Params(Period(start, end), params.filters, params.trend_unit)),
                        keys=TREND_RATES,
                    )
                },
            )
        )

    departments = [d for d in refs.departments if d.is_active or counts.get("department", {}).get(str(d.pk))]
    if scope.department is not None:
        departments = [d for d in departments if d.pk == scope.department.pk]
    elif params.filters.get("department"):
        departments = [d for d in departments if str(d.pk) == params.filters["department"]]
    communities = refs.communities
    if params.filters.get("community"):
        communities = [c for c in communities if str(c.pk) == params.filters["community"]]
    elif params.filters.get("zone"):
        communities = [c for c in communities if str(c.zone_id) == params.filters["zone"]]

    repeat_total, repeat_rows, repeat_window = repeat_people(scope, params, base, links, today)
    rising, rising_window = rising_subjects(scope, params, base, refs, links, today)
    warnings = Warnings(
        repeat_people=repeat_total,
        repeat_rows=repeat_rows,
        repeat_window=repeat_window,
        group_visits=CountRow(_("Group visits"), totals.get("group_visit", 0), links.cohort("group_visit")),
        group_people=totals.get("group_people", 0),
        not_satisfied=CountRow(_("Not satisfied"), totals.get("not_satisfied", 0), links.cohort("not_satisfied")),
        past_tier_target=CountRow(
            _("Past the tier's target time"), now_total.past_tier_target, now_total.past_tier_url
        ),
        rising=rising,
        rising_window=rising_window,
    )

    return Dashboard(
        params=params,
        scope=scope,
        refs=refs,
        today=today,
        source=source,
        waiting_days=waiting_days,
        totals=totals,
        rates=_rate_rows(totals, links),
        intake_total=CountRow(_("Cases received"), received, links.cohort()),
        not_accepted=CountRow(_("Not accepted"), totals.get("not_accepted", 0), links.cohort("not_accepted")),
        by_channel=by_channel,
        by_platform=by_platform,
        tiers=tiers,
        closed_total=CountRow(_("Closed"), closed, links.cohort("closed")),
        left_town=left_town,
        now_rows=now_rows,
        now_total=now_total,
        trend=trend,
        departments=_ranking("department", departments, counts, now, links, none_label=_("Not routed yet")),
        communities=_ranking("community", communities, counts, now, links, none_label=_("No community recorded")),
        warnings=warnings,
    )
