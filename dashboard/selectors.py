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

from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.clock import soon_until
from cases.models import OPEN_STATUSES, Case, CasePetitioner, Category, Channel, Petitioner, Subject
from cases.policy import accused_q, cases_visible_to
from grids.models import Community, Department, GridTier, Platform, Role, Zone
from grids.roles import TOWN_WIDE_ROLES

from . import cube, grouping, measures
from .forms import Params
from .periods import Period

# The roles that see the whole town on the dashboard (reception sees every case but holds no dashboard).
RANKED_RATES = ["response", "on_time_completion", "resolution", "satisfaction"]
TREND_RATES = ["response", "on_time_completion", "satisfaction"]


# --- Reference data and scope --------------------------------------------------------------------


# How many rows each early warning lists at the most.
WARNING_ROWS = 10


@dataclass(frozen=True)
class Refs:
    """The town's structure, loaded once per page (small tables): labels and the filters' choices."""

    zones: list
    communities: list
    departments: list
    subjects: list
    platforms: list
    tiers: list

    def names(self, kind: str) -> dict[str, str]:
        if kind == "channel":
            return {str(v): str(label) for v, label in Channel.choices}
        if kind == "category":
            return {str(v): str(label) for v, label in Category.choices}
        source = {
            "zone": self.zones,
            "community": self.communities,
            "department": self.departments,
            "subject": self.subjects,
            "platform": self.platforms,
            "resolved_tier": self.tiers,
        }[kind]
        return {str(obj.pk): str(obj) for obj in source}


def refs_load() -> Refs:
    return Refs(
        zones=list(Zone.objects.order_by("sort_order", "code")),
        communities=list(Community.objects.select_related("zone").order_by("zone__sort_order", "code")),
        departments=list(Department.objects.order_by("sort_order", "code")),
        subjects=list(Subject.objects.order_by("sort_order", "code")),
        platforms=list(Platform.objects.order_by("kind", "code")),
        tiers=list(GridTier.objects.order_by("level")),
    )


@dataclass(frozen=True)
class Scope:
    """Whose dashboard: the whole town, or one department."""

    user: AbstractBaseUser
    town_wide: bool
    department: Department | None = None


def scope_for(user: AbstractBaseUser) -> Scope | None:
    """None when this person may not see the dashboard at all."""
    if not user.is_authenticated or not user.has_perm("cases.view_dashboard"):
        return None
    profile = getattr(user, "staff", None)
    if profile is None:
        return Scope(user, town_wide=user.is_superuser)
    if profile.role == Role.DEPARTMENT_HEAD and profile.department_id:
        return Scope(user, town_wide=False, department=profile.department)
    return Scope(user, town_wide=profile.role in TOWN_WIDE_ROLES)


def _narrow(qs: QuerySet, filters: dict[str, str]) -> QuerySet:
    columns = {
        "zone": "zone_id",
        "community": "community_id",
        "department": "lead_department_id",
        "channel": "channel",
        "category": "category",
        "subject": "subject_id",
    }
    return qs.filter(**{columns[name]: value for name, value in filters.items() if value})


def base_cases(scope: Scope, params: Params) -> QuerySet:
    """The viewer's cases under the filters, any date."""
    if scope.department is not None:
        # A head's dashboard is the cases their department leads: within those, cases_visible_to comes down
        # to hiding the reports accusing them or their department (a test keeps the two in step). Said this
        # way, the planner reads a date range without testing cases_visible_to's subqueries on every row.
        visible = Case.objects.filter(lead_department_id=scope.department.pk).exclude(accused_q(scope.user))
        return _narrow(visible, params.filters)
    return _narrow(cases_visible_to(scope.user), params.filters)


# --- Links to the queue --------------------------------------------------------------------------


@dataclass(frozen=True)
class Links:
    """Builds /cases/ links with the page's filters, so a number opens the list of cases behind it."""

    params: Params
    path: str = field(default_factory=lambda: reverse("handling:queue"))

    def _url(self, query: dict) -> str:
        clean = {k: v for k, v in query.items() if v not in (None, "")}
        return f"{self.path}?{urlencode(clean)}"

    def cohort(self, measure: str = "received", *, start: date | None = None, end: date | None = None, **dims) -> str:
        """Cases received in the period (or start..end) with this measure; status=all, as measures say which."""
        query = {**self.params.filters, **dims}
        query.update(
            received_from=(start or self.params.period.start).isoformat(),
            received_to=(end or self.params.period.end).isoformat(),
            status="all",
            measure=measure if measure != "received" else "",
        )
        return self._url(query)

    def now(self, *, due: str = "", measure: str = "", **dims) -> str:
        """Open cases as they stand today (the queue's own default), overdue or due soon or past a target."""
        return self._url({**self.params.filters, **dims, "due": due, "measure": measure})

    def person(self, petitioner_id: int, start: date, end: date) -> str:
        query = {
            **self.params.filters,
            "petitioner": petitioner_id,
            "received_from": start.isoformat(),
            "received_to": end.isoformat(),
            "status": "all",
        }
        return self._url(query)


# --- The page's data ------------------------------------------------------------------------------


@dataclass
class RateRow:
    rate: measures.Rate
    numerator: int
    denominator: int
    value: float | None
    links: Links
    dims: dict

    key = property(lambda self: self.rate.key)
    label = property(lambda self: str(self.rate.label))
    short = property(lambda self: str(self.rate.short))
    definition = property(lambda self: str(self.rate.definition))

    # Built when shown: a ranking row carries four rates but links only their numerators.
    @property
    def numerator_url(self) -> str:
        return self.links.cohort(self.rate.numerator_link, **self.dims)

    @property
    def denominator_url(self) -> str:
        return self.links.cohort(self.rate.denominator_link, **self.dims)

    @property
    def percent(self) -> str:
        return "—" if self.value is None else f"{self.value * 100:.1f}%"


@dataclass
class CountRow:
    label: str
    count: int
    url: str
    share: float | None = None
    code: str = ""

    @property
    def share_percent(self) -> str:
        return "—" if self.share is None else f"{self.share * 100:.1f}%"


@dataclass
class NowRow:
    label: str
    overdue: int
    due_soon: int
    past_tier_target: int
    overdue_url: str
    due_soon_url: str
    past_tier_url: str


@dataclass
class RankRow:
    label: str
    received: int
    received_url: str
    rates: dict[str, RateRow]
    overdue: int
    overdue_url: str
    score: float | None
    rank: int | None = None

    @property
    def rate_list(self) -> list[RateRow]:
        return [self.rates[k] for k in RANKED_RATES]

    @property
    def score_percent(self) -> str:
        return "—" if self.score is None else f"{self.score * 100:.1f}"


@dataclass
class TrendRow:
    start: date
    end: date
    label: str
    received: int
    received_url: str
    closed: int
    closed_url: str
    rates: dict[str, RateRow]

    @property
    def rate_list(self) -> list[RateRow]:
        return [self.rates[k] for k in TREND_RATES]


@dataclass
class PersonRow:
    name: str
    cases: int
    last_received: object
    url: str


@dataclass
class RisingRow:
    community: str
    subject: str
    now: int
    before: int
    url: str
    before_url: str


@dataclass
class Warnings:
    repeat_people: int
    repeat_rows: list[PersonRow]
    repeat_window: tuple[date, date]
    group_visits: CountRow
    group_people: int
    not_satisfied: CountRow
    past_tier_target: CountRow
    rising: list[RisingRow]
    rising_window: tuple[date, date, date, date]


@dataclass
class Dashboard:
    params: Params
    scope: Scope
    refs: Refs
    today: date
    source: str
    totals: dict[str, int]
    rates: list[RateRow]
    intake_total: CountRow
    not_accepted: CountRow
    by_channel: list[CountRow]
    by_platform: list[CountRow]
    tiers: list[CountRow]
    closed_total: CountRow
    left_town: CountRow
    now_rows: list[NowRow]
    now_total: NowRow
    trend: list[TrendRow]
    departments: list[RankRow]
    communities: list[RankRow]
    warnings: Warnings
    extra: dict = field(default_factory=dict)

    @property
    def headline_rates(self) -> list[RateRow]:
        return [r for r in self.rates if r.key in measures.HEADLINE_RATES]

    @property
    def other_rates(self) -> list[RateRow]:
        return [r for r in self.rates if r.key not in measures.HEADLINE_RATES]


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


def _static_counts(scope: Scope, params: Params, cohort: QuerySet, today: date) -> tuple[dict, str]:
    """Static measures per dimension and trend bucket, from the rollup when it can serve, else from the cases."""
    period, unit = params.period, params.trend_unit
    dimensions = grouping.case_dimensions(trend_unit=unit)
    department = _rollup_department(scope, params)
    if department is not None:
        counts = cube.read(period.start, period.end, unit, department)
        hidden = grouping.received_between(Case.objects.filter(accused_q(scope.user)), period.start, period.end)
        if department:
            hidden = hidden.filter(lead_department_id=department)
        rows = grouping.counted(hidden, dimensions, measures.static_columns())
        return grouping.subtract(counts, grouping.collect(rows, measures.STATIC_NAMES)), "rollup"
    rows = grouping.counted(cohort, dimensions, measures.static_columns())
    return grouping.collect(rows, measures.STATIC_NAMES), "cases"


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


def _uses_rollup(scope: Scope, params: Params) -> bool:
    """The rollup counts every case of the town: it serves a town-wide viewer who chose no filter."""
    return scope.town_wide and not params.filtered and cube.supported()


def _rollup_department(scope: Scope, params: Params) -> str | None:
    """Which of the rollup's rows serve this view's counts: "" the whole town's (a town-wide viewer, no
    filter), a department's id that lead department's (its head, or a town-wide viewer filtering by it
    alone), None none (counted from the cases). The viewer's hidden reports are taken away either way.
    """
    if not cube.supported():
        return None
    chosen = {name for name, value in params.filters.items() if value}
    if not chosen:
        return "" if scope.town_wide else None
    if chosen != {"department"}:
        return None
    department = params.filters["department"]
    own = scope.department is not None and str(scope.department.pk) == department
    return department if scope.town_wide or own else None


def _repeat_people(scope: Scope, params: Params, base: QuerySet, links: Links, today: date):
    """People with DASHBOARD_REPEAT_MIN_CASES or more cases in the DASHBOARD_REPEAT_WINDOW_DAYS up to the
    period's end, most first."""
    end = min(params.period.end, today)
    start = end - timedelta(days=settings.DASHBOARD_REPEAT_WINDOW_DAYS - 1)
    # The rollup knows each case's case two before: it answers for the threshold of three.
    if _uses_rollup(scope, params) and settings.DASHBOARD_REPEAT_MIN_CASES == 3:
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
    found = cube.read_people(start, end)
    their_days = cube.read_person_days(start, end, [pid for pid, _n, _last in found if pid in hidden])
    people = []
    for pid, n, last in found:
        if pid in hidden:
            n -= sum(hidden[pid].values())
            seen = [d for d, k in their_days.get(pid, {}).items() if k > hidden[pid].get(d, 0)]
            last = max(seen) if seen else None
        if n >= settings.DASHBOARD_REPEAT_MIN_CASES:
            people.append((pid, n, last))
    return people


def _rising(scope: Scope, params: Params, base: QuerySet, refs: Refs, links: Links, today: date):
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

    if _uses_rollup(scope, params):
        hidden = {(c, s): (n, b) for c, s, n, b in counts(Case.objects.filter(accused_q(scope.user)))}
        rows = []
        for c, s, n, b in cube.read_subjects(before_start, now_start, end):
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


def dashboard(scope: Scope, params: Params, refs: Refs, today: date) -> Dashboard:
    """Everything the page, and its exports, show."""
    period = params.period
    links = Links(params)
    base = base_cases(scope, params)
    cohort = grouping.received_between(base, period.start, period.end)

    static, source = _static_counts(scope, params, cohort, today)
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

    repeat_total, repeat_rows, repeat_window = _repeat_people(scope, params, base, links, today)
    rising, rising_window = _rising(scope, params, base, refs, links, today)
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
