"""The dashboard's query string read safely: a bad value gets a message and a sane default, never an error page."""

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Category, Channel

from . import periods

# The filters, in the order the form shows them; each maps to the case column it narrows and to the
# queue's parameter of the same name.
FILTERS = ["zone", "community", "department", "channel", "category", "subject"]
FILTER_LABELS = {
    "zone": gettext_lazy("Functional zone"),
    "community": gettext_lazy("Community"),
    "department": gettext_lazy("Lead department"),
    "channel": gettext_lazy("Channel"),
    "category": gettext_lazy("Category"),
    "subject": gettext_lazy("Subject"),
}
TREND_CHOICES = [
    ("", gettext_lazy("Automatic")),
    ("week", gettext_lazy("Per week")),
    ("month", gettext_lazy("Per month")),
]


class DashboardForm(forms.Form):
    """All fields optional: the page without parameters is the last 30 days, the whole town (or one's department)."""

    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=periods.PERIOD_CHOICES, required=False)
    trend = forms.ChoiceField(label=gettext_lazy("Trend"), choices=TREND_CHOICES, required=False)

    def __init__(self, data, *, refs, **kwargs):
        super().__init__(data, **kwargs)
        # "from" is a Python keyword, so these two are added by name.
        self.fields["from"] = forms.DateField(label=gettext_lazy("From"), required=False, input_formats=["%Y-%m-%d"])
        self.fields["to"] = forms.DateField(label=gettext_lazy("To"), required=False, input_formats=["%Y-%m-%d"])
        choices = {
            "zone": [(str(z.pk), str(z)) for z in refs.zones],
            "community": [(str(c.pk), str(c)) for c in refs.communities],
            "department": [(str(d.pk), str(d)) for d in refs.departments],
            "channel": list(Channel.choices),
            "category": list(Category.choices),
            "subject": [(str(s.pk), str(s)) for s in refs.subjects],
        }
        for name in FILTERS:
            self.fields[name] = forms.ChoiceField(
                label=FILTER_LABELS[name], choices=[("", _("All")), *choices[name]], required=False
            )


@dataclass
class Params:
    """What the page shows: a period, the filters in force (value strings), and what was wrong with the request."""

    period: periods.Period
    filters: dict[str, str] = field(default_factory=dict)
    trend_unit: str = "week"
    problems: list[str] = field(default_factory=list)
    # A department head's department, applied whatever the query string says.
    locked_department: str = ""

    @property
    def filtered(self) -> bool:
        return any(self.filters.values())


def _period(cleaned: dict, errors: dict, today: date, problems: list[str]) -> periods.Period:
    default = periods.preset(periods.DEFAULT, today)
    kind = cleaned.get("period") or ""
    if "period" in errors:
        problems.append(_("Unknown period: showing the last 30 days."))
        return default
    given = "from" in errors or "to" in errors or cleaned.get("from") or cleaned.get("to")
    wants_range = kind == periods.CUSTOM or (not kind and given)
    if not wants_range:
        return periods.preset(kind or periods.DEFAULT, today)
    if "from" in errors or "to" in errors:
        problems.append(_("Write dates as year-month-day, for example 2026-03-31. Showing the last 30 days instead."))
        return default
    start, end = cleaned.get("from"), cleaned.get("to") or today
    if start is None:
        problems.append(_("Choose the first day of the period. Showing the last 30 days instead."))
        return default
    if not (periods.EARLIEST <= start <= periods.LATEST and periods.EARLIEST <= end <= periods.LATEST):
        problems.append(_("Choose dates between 2000 and 2099. Showing the last 30 days instead."))
        return default
    if start > end:
        problems.append(_("The first day comes after the last day. Showing the last 30 days instead."))
        return default
    if (end - start).days + 1 > periods.MAX_DAYS:
        problems.append(_("A period can be at most five years long. Showing the last 30 days instead."))
        return default
    return periods.Period(start, end, periods.CUSTOM)


def read_params(data, *, refs, today: date, locked_department: str = "") -> tuple[Params, DashboardForm]:
    """The request's parameters, each bad one replaced by its default with a message saying so."""
    form = DashboardForm(data, refs=refs)
    form.is_valid()
    cleaned, errors = form.cleaned_data, form.errors
    problems: list[str] = []
    period = _period(cleaned, errors, today, problems)
    filters = {}
    for name in FILTERS:
        if name == "department" and locked_department:
            continue  # a department head's own department applies, whatever was asked
        if name in errors:
            problems.append(
                _("Unknown %(filter)s: that filter was left out.") % {"filter": str(FILTER_LABELS[name]).lower()}
            )
            continue
        if cleaned.get(name):
            filters[name] = cleaned[name]
    if locked_department:
        filters["department"] = locked_department
    trend = cleaned.get("trend") or period.trend_unit
    if "trend" in errors:
        trend = period.trend_unit
    return Params(period, filters, trend, problems, locked_department), form
