"""The officer's queue filters, and the count of every option in one aggregate query."""

from dataclasses import dataclass
from datetime import date, timedelta

import django_filters
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from core.calendar import day_start
from core.pinyin import search_keys
from core.validation import validate_recorded_day
from grids.models import Community, Department, GridTier, Platform, Zone

from ..handover import normalize_handover_number
from ..identity import normalize_tracking_code
from ..models import OPEN_STATUSES, Case, CasePetitioner, Category, Channel, Petitioner, Status, Subject
from ..queue_links import measure_choices, measure_condition
from ..selectors.handling import due_soon_q, extension_waiting_q, overdue_q

OPEN = "open"
ALL = "all"
STATUS_CHOICES = [(OPEN, _("Open")), *Status.choices, (ALL, _("All, including closed and not accepted"))]
DUE_CHOICES = [("overdue", _("Overdue")), ("soon", _("Due soon"))]
FLAG_CHOICES = [("extension", _("Extension waiting for approval")), ("unsatisfied", _("Petitioner not satisfied"))]
SORT_CHOICES = [("due", _("Next due date")), ("newest", _("Newest first")), ("oldest", _("Oldest first"))]


def _pairs(text: str) -> list[str]:
    text = text.lower()
    return sorted({text[i : i + 2] for i in range(len(text) - 1) if not any(c.isspace() for c in text[i : i + 2])})


def _all_of(pairs: list[str]) -> str:
    # Each pair a quoted lexeme (quotes and backslashes escaped as tsquery reads them): no operator from the text.
    return "(" + " & ".join("'" + p.replace("\\", "\\\\").replace("'", "''") + "'" for p in pairs) + ")"


def _bigram_query(text: str) -> str | None:
    """Every pair of adjacent characters of the text, as a tsquery ANDing them; None below two characters.

    The same pairs the database keeps for each case (migration search_bigrams): a case holding them all
    is a candidate, checked against the exact text after. A tracking code is also looked for as written
    on the receipt (normalised).
    """
    pairs = _pairs(text)
    if not pairs:
        return None
    code = _pairs(normalize_tracking_code(text))
    return _all_of(pairs) + (f" | {_all_of(code)}" if code and code != pairs else "")


def search_q(text: str) -> Q:
    """Tracking code, hotline work-order or document number, petitioner name or phone, address, the matter's words.

    On PostgreSQL any two characters or more are found through the index of character pairs, then the
    exact text is checked on the few candidates; on SQLite (the embedded default) row by row.
    """
    text = text.strip()
    exact = _search_exact_q(text)
    query = _bigram_query(text) if connection.vendor == "postgresql" else None
    if query is None:
        return exact
    candidates = RawSQL("SELECT case_id FROM cases_casesearch WHERE bigrams @@ %s::tsquery", [query])
    return Q(pk__in=candidates) & exact


def _search_exact_q(text: str) -> Q:
    petitioner = Exists(
        CasePetitioner.objects.filter(case_id=OuterRef("pk")).filter(
            Q(petitioner__name__icontains=text) | Q(petitioner__phone=text)
        )
    )
    number = normalize_handover_number(text)
    return (
        Q(tracking_code=normalize_tracking_code(text))
        | (Q(handover_number=number) if number else Q(pk__in=[]))
        | Q(petitioner)
        | Q(contact_phone=text)
        | Q(address__icontains=text)
        | Q(what_happened__icontains=text)
        | Q(request__icontains=text)
    )


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int | None
    selected: bool

    @property
    def pinyin(self) -> str:
        """What a searchable filter also matches: the label's pinyin initials and full pinyin."""
        return search_keys(self.label)


@dataclass(frozen=True)
class Chip:
    """One narrowing a dashboard link added, shown above the list with a link that drops it."""

    name: str
    label: str
    value: str
    raw: str
    without: str


class QueueFilter(django_filters.FilterSet):
    """Each filter is a Q, so the same rules narrow the list and count every option (facets)."""

    # Longer than anything worth searching for, and SQLite refuses a LIKE pattern past 50,000 bytes.
    q = django_filters.CharFilter(label=_("Search"), method="_noop", max_length=200)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=STATUS_CHOICES, method="_noop", empty_label=None)
    due = django_filters.ChoiceFilter(label=_("Due"), choices=DUE_CHOICES, method="_noop")
    flag = django_filters.ChoiceFilter(label=_("Needs attention"), choices=FLAG_CHOICES, method="_noop")
    tier = django_filters.ModelChoiceFilter(label=_("Tier"), queryset=GridTier.objects.all(), method="_noop")
    community = django_filters.ModelChoiceFilter(label=_("Community"), queryset=Community.objects.all(), method="_noop")
    subject = django_filters.ModelChoiceFilter(label=_("Subject"), queryset=Subject.objects.all(), method="_noop")
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices, method="_noop")
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SORT_CHOICES, method="_noop", empty_label=None)
    # What a dashboard number's link narrows by, beyond the facets (dashboard); absent, nothing changes.
    received_from = django_filters.DateFilter(
        label=_("Received from"), method="_noop", validators=[validate_recorded_day]
    )
    received_to = django_filters.DateFilter(label=_("Received to"), method="_noop", validators=[validate_recorded_day])
    zone = django_filters.ModelChoiceFilter(label=_("Functional zone"), queryset=Zone.objects.all(), method="_noop")
    department = django_filters.ModelChoiceFilter(
        label=_("Lead department"),
        queryset=Department.objects.all(),
        method="_noop",
        null_label=_("Not routed yet"),
        null_value="none",
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices, method="_noop")
    platform = django_filters.ModelChoiceFilter(
        label=_("Intake platform"), queryset=Platform.objects.all(), method="_noop"
    )
    resolved_tier = django_filters.ModelChoiceFilter(
        label=_("Resolved at tier"), queryset=GridTier.objects.all(), method="_noop"
    )
    petitioner = django_filters.ModelChoiceFilter(
        label=_("Petitioner"), queryset=Petitioner.objects.all(), method="_noop"
    )
    measure = django_filters.ChoiceFilter(label=_("Dashboard figure"), choices=measure_choices, method="_noop")

    FACETS = ["status", "due", "flag", "tier", "community", "subject", "channel"]
    DASHBOARD = ["received_from", "received_to", "zone", "department", "category", "platform", "resolved_tier"]
    DASHBOARD += ["petitioner", "measure"]

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def _noop(self, queryset, name, value):
        # Filtering happens in filter_queryset, all at once, from the same Qs the counts use.
        return queryset

    def value(self, name: str):
        data = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        return data.get(name) or None

    def status_value(self) -> str:
        # A search looks everywhere (not-accepted cases stay findable); the queue shows open work.
        return self.value("status") or (ALL if self.value("q") else OPEN)

    def q_for(self, name: str, value) -> Q:
        if value in (None, "", ALL):
            return Q()
        if name == "q":
            return search_q(value)
        if name == "status":
            return Q(status__in=OPEN_STATUSES) if value == OPEN else Q(status=value)
        if name == "due":
            return overdue_q(self.today) if value == "overdue" else due_soon_q(self.today)
        if name == "flag":
            return extension_waiting_q() if value == "extension" else Q(needs_attention=True)
        if name in ("tier", "community", "subject"):
            return Q(**{f"{name}_id": getattr(value, "pk", value)})
        if name == "channel":
            return Q(channel=value)
        return self._dashboard_q(name, value)

    def _dashboard_q(self, name: str, value) -> Q:
        if name == "received_from":
            return Q(received_at__gte=day_start(value))
        if name == "received_to":
            return Q(received_at__lt=day_start(value + timedelta(days=1)))
        if name == "department":
            return Q(lead_department__isnull=True) if value == "none" else Q(lead_department_id=value.pk)
        if name in ("zone", "platform", "resolved_tier"):
            return Q(**{f"{name}_id": value.pk})
        if name == "category":
            return Q(category=value)
        if name == "petitioner":
            return Q(Exists(CasePetitioner.objects.filter(case_id=OuterRef("pk"), petitioner_id=value.pk)))
        if name == "measure":
            return measure_condition(value, self.today)
        raise KeyError(name)

    def _active(self, *, leave_out: str = "") -> Q:
        combined = self.q_for("q", self.value("q")) if leave_out != "q" else Q()
        for name in self.FACETS:
            if name == leave_out:
                continue
            value = self.status_value() if name == "status" else self.value(name)
            combined &= self.q_for(name, value)
        for name in self.DASHBOARD:
            combined &= self.q_for(name, self.value(name))
        return combined

    def narrowing(self) -> Q:
        """Every active filter but the status, which the keyset queue splits into one index range per status."""
        return self._active(leave_out="status")

    def statuses(self) -> list[str]:
        status = self.status_value()
        if status == OPEN:
            return list(OPEN_STATUSES)
        if status == ALL:
            return [s.value for s in Status]
        return [status]

    def sort_value(self) -> str:
        return self.value("sort") or "due"

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = queryset.filter(self._active())
        order = self.value("sort") or "due"
        if order == "newest":
            return queryset.order_by("-received_at", "-pk")
        if order == "oldest":
            return queryset.order_by("received_at", "pk")
        return queryset.order_by(F("due_on").asc(nulls_last=True), "received_at", "pk")

    def problems(self) -> list[str]:
        """The narrowings asked for that were left out, each with why (a bad date, an unknown id, a search too long)."""
        errors = self.form.errors if self.is_bound else {}
        return [
            f"{self.form.fields[name].label}: {' '.join(errors[name])}" for name in self.form.fields if name in errors
        ]

    def dashboard_chips(self) -> list[Chip]:
        """The active filters that have no control on the page, so the viewer sees what the list is narrowed by."""
        chips = []
        for name in self.DASHBOARD:
            value = self.value(name)
            if value is None:
                continue
            without = self.data.copy()
            without.pop(name, None)
            for cursor in ("page", "after", "before"):
                without.pop(cursor, None)
            chips.append(
                Chip(
                    name=name,
                    label=str(self.form.fields[name].label),
                    value=self._shown(name, value),
                    raw=self.data.get(name, ""),
                    without="?" + without.urlencode(),
                )
            )
        return chips

    def _shown(self, name: str, value) -> str:
        if isinstance(value, date):
            return value.isoformat()
        if name == "petitioner":
            # Never the name: the id in the address need not belong to a case this viewer may see.
            return str(_("the same petitioner"))
        if name == "department" and value == "none":
            return str(_("Not routed yet"))
        if name in ("measure", "category"):
            return str(dict(self.form.fields[name].choices).get(value, value))
        return str(value)

    def facets(self, *, tiers, communities, subjects, counted: bool = True) -> dict[str, list[Option]]:
        """Every option of every filter with how many cases it would show, given the other filters: one query.

        Not counted (count None, no query): the list's page, whose counts arrive a moment later.
        """
        options: dict[str, list[tuple[str, str]]] = {
            "status": [(str(v), str(label)) for v, label in STATUS_CHOICES],
            "due": [(v, str(label)) for v, label in DUE_CHOICES],
            "flag": [(v, str(label)) for v, label in FLAG_CHOICES],
            "tier": [(str(t.pk), str(t)) for t in tiers],
            "community": [(str(c.pk), str(c)) for c in communities],
            "subject": [(str(s.pk), str(s)) for s in subjects],
            "channel": [(str(v), str(label)) for v, label in Channel.choices],
        }
        aggregates = {}
        for name, choices in options.items() if counted else ():
            others = self._active(leave_out=name)
            for value, _label in choices:
                aggregates[f"{name}__{value}"] = Count("pk", filter=others & self.q_for(name, value))
        counts = self.queryset.order_by().aggregate(**aggregates) if aggregates else {}
        current = {name: self.status_value() if name == "status" else self.value(name) for name in options}
        result = {}
        for name, choices in options.items():
            chosen = current[name]
            chosen = str(getattr(chosen, "pk", chosen)) if chosen is not None else None
            result[name] = [
                Option(value=v, label=label, count=counts.get(f"{name}__{v}"), selected=(v == chosen))
                for v, label in choices
            ]
        return result
