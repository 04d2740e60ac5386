"""What the dashboard counts: each measure is one database condition, shared by the page, its links and the rollup.

A measure counts cases. A *cohort* measure counts cases received in the chosen period; a *static*
one depends on nothing but the case row, so the rollup (dashboard.cube) can store it; a
*live* one also depends on today (a due date that has passed while the case waits), so it is always
counted from the cases themselves. A rate is on-time ÷ (on-time + late), where late includes what is
still waiting past its date, and cases still within their limit are in neither.

The queue (/cases/?measure=...) filters with these same conditions, so a number and the list behind
its link cannot disagree.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cases.models import NOT_ACCEPTED_STATUSES, OPEN_STATUSES, Satisfaction, Status
from cases.queue_links import QueueMeasure
from cases.selectors.handling import due_soon_q, overdue_q

# Not-accepted matters are registered only: they leave every handling measure (intake ones keep them).
HANDLED = ~Q(status__in=NOT_ACCEPTED_STATUSES)

# While a case is handled at a tier its target time runs (as on the case page).
TIER_CLOCK_RUNS = [Status.ASSIGNED, Status.IN_PROGRESS]


def _done_by(done: str, due: str, *, late: bool) -> Q:
    """Done, and on the due day or before (late=False) or after it (late=True), in Beijing days."""
    compare = "gt" if late else "lte"
    return HANDLED & Q(**{f"{done}__isnull": False, f"{due}__isnull": False, f"{done}__date__{compare}": F(due)})


# name -> condition. The rollup keeps one column per name (plus group_people, a sum).
STATIC: dict[str, Q] = {
    "received": Q(),
    "not_accepted": Q(status__in=NOT_ACCEPTED_STATUSES),
    "routed": HANDLED & Q(routed_at__isnull=False),
    "transfer_on_time": _done_by("routed_at", "transfer_due_on", late=False),
    "transfer_late": _done_by("routed_at", "transfer_due_on", late=True),
    "response_on_time": _done_by("accepted_at", "acceptance_due_on", late=False),
    "response_late": _done_by("accepted_at", "acceptance_due_on", late=True),
    "accepted": HANDLED & Q(accepted_at__isnull=False),
    "reply_on_time": _done_by("replied_at", "reply_due_on", late=False),
    "reply_late": _done_by("replied_at", "reply_due_on", late=True),
    "answered": HANDLED & Q(replied_at__isnull=False),
    "closed": HANDLED & Q(status=Status.CLOSED),
    "rated": HANDLED & ~Q(satisfaction=""),
    "satisfied": HANDLED & Q(satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED]),
    "not_satisfied": HANDLED & Q(satisfaction=Satisfaction.NOT_SATISFIED),
    "repeat": Q(visit_kind="repeat"),
    "group_visit": Q(is_group_visit=True),
    "level_skipping": Q(is_level_skipping=True),
}
STATIC_SUMS = {"group_people": ("headcount", Q(is_group_visit=True))}
STATIC_NAMES = [*STATIC, *STATIC_SUMS]


def live(today: date) -> dict[str, Q]:
    """Still waiting, past the step's date: late as of today."""
    # "Not done" is asked of the step's own field too, so a case is never both done and waiting.
    return {
        "transfer_waiting_late": Q(status=Status.REGISTERED, routed_at__isnull=True, transfer_due_on__lt=today),
        "response_waiting_late": Q(status=Status.ASSIGNED, accepted_at__isnull=True, acceptance_due_on__lt=today),
        "reply_waiting_late": Q(status=Status.IN_PROGRESS, replied_at__isnull=True, reply_due_on__lt=today),
    }


LIVE_NAMES = ["transfer_waiting_late", "response_waiting_late", "reply_waiting_late"]
# Only open cases can be waiting: the live count reads these and nothing else.
LIVE_STATUSES = [Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS]


def now_conditions(today: date) -> dict[str, Q]:
    """Today's state of open work, whatever the period: overdue, due soon, past the tier's target."""
    open_ = Q(status__in=OPEN_STATUSES)
    return {
        "overdue": open_ & overdue_q(today),
        "due_soon": open_ & due_soon_q(today),
        "past_tier_target": Q(status__in=TIER_CLOCK_RUNS, tier_due_on__lt=today),
    }


def static_columns() -> dict[str, tuple[Q, str | None]]:
    """name -> (condition, field summed or None to count): what the page and the rollup count for every case."""
    columns: dict[str, tuple[Q, str | None]] = {name: (q, None) for name, q in STATIC.items()}
    columns.update({name: (q, field) for name, (field, q) in STATIC_SUMS.items()})
    return columns


def live_columns(today: date) -> dict[str, tuple[Q, str | None]]:
    return {name: (q, None) for name, q in live(today).items()}


def now_columns(today: date) -> dict[str, tuple[Q, str | None]]:
    return {name: (q, None) for name, q in now_conditions(today).items()}


@dataclass(frozen=True)
class Rate:
    """A share: numerator ÷ denominator, each a sum of measures; `definition` is shown on the page and exported."""

    key: str
    label: str
    short: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]
    definition: str
    # The measure names the links of the numerator and the denominator filter the queue by.
    numerator_link: str
    denominator_link: str


RATES = [
    Rate(
        "response",
        _("Response rate"),
        _("Response"),
        ("response_on_time",),
        ("response_on_time", "response_late", "response_waiting_late"),
        _(
            "Cases the handling department signed for, telling the petitioner it accepted them, on or before the "
            "acceptance-notice date (15 days after the transfer), out of the routed cases whose date has come: signed "
            "for in time, signed for late, or still unsigned after the date. Cases still within the 15 days are not "
            "counted yet."
        ),
        "response_on_time",
        "response_counted",
    ),
    Rate(
        "resolution",
        _("Resolution rate"),
        _("Resolution"),
        ("closed",),
        ("answered", "reply_waiting_late"),
        _(
            "Cases closed (办结: replied and closed, or finally decided after re-review) out of the accepted cases "
            "that have had their written reply or are past the reply date without one. A case replied to but still "
            "open, or under review, counts against it."
        ),
        "closed",
        "resolution_counted",
    ),
    Rate(
        "satisfaction",
        _("Satisfaction rate"),
        _("Satisfaction"),
        ("satisfied",),
        ("rated",),
        _("Ratings of “satisfied” or “basically satisfied” out of all ratings petitioners gave."),
        "satisfied",
        "rated",
    ),
    Rate(
        "timely_acceptance",
        _("Timely acceptance rate"),
        _("Timely acceptance"),
        ("transfer_on_time",),
        ("transfer_on_time", "transfer_late", "transfer_waiting_late"),
        _(
            "Cases the petition office accepted and transferred or assigned on or before the transfer date (15 days "
            "after receipt), out of the cases whose date has come: routed in time, routed late, or still waiting "
            "after the date."
        ),
        "transfer_on_time",
        "transfer_counted",
    ),
    Rate(
        "on_time_completion",
        _("On-time completion rate"),
        _("On time"),
        ("reply_on_time",),
        ("reply_on_time", "reply_late", "reply_waiting_late"),
        _(
            "Cases replied to in writing on or before the reply date (60 days after acceptance, plus an approved "
            "extension), out of the accepted cases whose date has come: replied in time, replied late, or still "
            "unanswered after the date."
        ),
        "reply_on_time",
        "reply_counted",
    ),
    Rate(
        "participation",
        _("Share who rated"),
        _("Rated"),
        ("rated",),
        ("answered",),
        _("Cases the petitioner rated, out of the cases that have had a written reply (only those can be rated)."),
        "rated",
        "answered",
    ),
    Rate(
        "repeat",
        _("Repeat-petition rate"),
        _("Repeat"),
        ("repeat",),
        ("received",),
        _(
            "Cases registered as a repeat petition (重复访: the same person on the same matter again) out of all cases "
            "received, including those not accepted: a matter turned away as already being handled is exactly a "
            "repeat."
        ),
        "repeat",
        "received",
    ),
]
RATES_BY_KEY = {r.key: r for r in RATES}
# The three rates of the 12345 hotlines come first on the page; the petition-work indicators follow.
HEADLINE_RATES = ["response", "resolution", "satisfaction"]


def rate_value(counts: dict, rate: Rate) -> tuple[int, int, float | None]:
    num = sum(counts.get(n, 0) for n in rate.numerator)
    den = sum(counts.get(n, 0) for n in rate.denominator)
    return num, den, (num / den if den else None)


# --- Conditions the queue filters by (/cases/?measure=name) --------------------------------------


def _static(name: str) -> Callable[[date], Q]:
    return lambda today: STATIC[name]


def _any(*names: str) -> Callable[[date], Q]:
    def condition(today: date) -> Q:
        current = live(today)
        combined = Q(pk__in=[])
        for name in names:
            combined |= STATIC[name] if name in STATIC else current[name]
        return combined

    return condition


# What each number links to in the queue; registered with it when the app is ready.
LINK_MEASURES: dict[str, QueueMeasure] = {
    "received": QueueMeasure(_("Cases received"), _static("received")),
    "handled": QueueMeasure(_("Accepted or waiting for triage"), lambda today: HANDLED),
    "not_accepted": QueueMeasure(_("Not accepted"), _static("not_accepted")),
    "routed": QueueMeasure(_("Accepted for handling"), _static("routed")),
    "transfer_on_time": QueueMeasure(_("Routed in time"), _static("transfer_on_time")),
    "transfer_missed": QueueMeasure(
        _("Routed late or waiting past the transfer date"), _any("transfer_late", "transfer_waiting_late")
    ),
    "transfer_counted": QueueMeasure(
        _("Transfer date come"), _any("transfer_on_time", "transfer_late", "transfer_waiting_late")
    ),
    "response_on_time": QueueMeasure(_("Signed for in time"), _static("response_on_time")),
    "response_missed": QueueMeasure(
        _("Signed for late or unsigned past the date"), _any("response_late", "response_waiting_late")
    ),
    "response_counted": QueueMeasure(
        _("Acceptance-notice date come"), _any("response_on_time", "response_late", "response_waiting_late")
    ),
    "reply_on_time": QueueMeasure(_("Replied in time"), _static("reply_on_time")),
    "reply_missed": QueueMeasure(
        _("Replied late or unanswered past the date"), _any("reply_late", "reply_waiting_late")
    ),
    "reply_counted": QueueMeasure(_("Reply date come"), _any("reply_on_time", "reply_late", "reply_waiting_late")),
    "answered": QueueMeasure(_("Replied in writing"), _static("answered")),
    "resolution_counted": QueueMeasure(
        _("Replied, or unanswered past the reply date"), _any("answered", "reply_waiting_late")
    ),
    "closed": QueueMeasure(_("Closed"), _static("closed")),
    "rated": QueueMeasure(_("Rated"), _static("rated")),
    "satisfied": QueueMeasure(_("Satisfied or basically satisfied"), _static("satisfied")),
    "not_satisfied": QueueMeasure(_("Not satisfied"), _static("not_satisfied")),
    "repeat": QueueMeasure(_("Repeat petitions"), _static("repeat")),
    "group_visit": QueueMeasure(_("Group visits"), _static("group_visit")),
    "level_skipping": QueueMeasure(_("Level-skipping petitions"), _static("level_skipping")),
    "past_tier_target": QueueMeasure(
        _("Past the tier's target time"), lambda today: now_conditions(today)["past_tier_target"], cohort=False
    ),
}
