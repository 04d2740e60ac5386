"""What the dashboard shows: its rows and tables, each number with the link to the cases behind it."""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import measures
from .forms import Params
from .scope import Refs, Scope

# The rates a ranking averages, and those the trend draws.
RANKED_RATES = ["response", "on_time_completion", "resolution", "satisfaction"]
TREND_RATES = ["response", "on_time_completion", "satisfaction"]
# Rates that are better the lower they are.
LOWER_IS_BETTER = {"repeat"}
GOOD, FAIR, POOR = "good", "fair", "poor"
GRADE_LABELS = {GOOD: _("Good"), FAIR: _("Watch"), POOR: _("Poor")}


def rate_grade(key: str, value: float | None) -> str | None:
    """Good, fair or poor against the thresholds in settings; None when there is nothing to judge yet."""
    if value is None:
        return None
    if key in LOWER_IS_BETTER:
        good, fair = settings.DASHBOARD_REPEAT_RATE_GOOD, settings.DASHBOARD_REPEAT_RATE_FAIR
        return GOOD if value <= good else FAIR if value <= fair else POOR
    good, fair = settings.DASHBOARD_RATE_GOOD, settings.DASHBOARD_RATE_FAIR
    return GOOD if value >= good else FAIR if value >= fair else POOR


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

    @property
    def grade(self) -> str | None:
        return rate_grade(self.key, self.value)

    @property
    def grade_label(self) -> str:
        return str(GRADE_LABELS[self.grade]) if self.grade else ""


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
        return "—" if self.score is None else f"{self.score * 100:.1f}%"


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
    # Days of the period whose cases changed since the rollup last counted them (the beat task recounts them).
    waiting_days: int
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
