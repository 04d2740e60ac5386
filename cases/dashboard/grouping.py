"""Counting cases per dimension in one statement: a UNION ALL of GROUP BYs built with the ORM."""

from datetime import date, datetime, time, timedelta

from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, TruncDate, TruncMonth, TruncWeek
from django.utils import timezone

# Dimension -> the case column it groups by ("all" groups everything together).
CASE_DIMENSIONS = {
    "all": None,
    "channel": "channel",
    "platform": "platform_id",
    "department": "lead_department_id",
    "community": "community_id",
    "resolved_tier": "resolved_tier_id",
}
TREND = "trend"
TREND_UNITS = ("week", "month")


def tz():
    """The town's time zone: a day is a day in Beijing, whatever zone a request activated."""
    return timezone.get_default_timezone()


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz())


def received_between(qs: QuerySet, start: date, end: date) -> QuerySet:
    """Cases received on the days start..end (Beijing days), as a range the received_at index serves."""
    return qs.filter(received_at__gte=day_start(start), received_at__lt=day_start(end + timedelta(days=1)))


def value_of(column: str | None):
    """A dimension's value as text ("" for none), so every part of the union has the same column type."""
    if column is None:
        return Value("", output_field=CharField())
    return Coalesce(Cast(F(column), output_field=CharField()), Value(""), output_field=CharField())


def trend_bucket(field: str, unit: str, *, is_date: bool = False):
    """The first day of the week (Monday) or month a case's day falls in, as text."""
    trunc = TruncWeek if unit == "week" else TruncMonth
    bucket = trunc(field) if is_date else trunc(TruncDate(field, tzinfo=tz()))
    return Cast(bucket, output_field=CharField())


def grouped(qs: QuerySet, dimensions: dict, aggregates: dict, *, with_day: bool = False) -> QuerySet:
    """One query: for each dimension (name -> value expression) the aggregates per value, as rows of
    (g_kind, g_value[, g_day], *aggregates). with_day adds the Beijing day received (the rollup's grain).
    """
    parts = []
    for kind, value in dimensions.items():
        fields = {"g_kind": Value(kind, output_field=CharField()), "g_value": value}
        if with_day:
            fields["g_day"] = TruncDate("received_at", tzinfo=tz())
        part = qs.order_by().annotate(**fields).values(*fields).annotate(**aggregates)
        parts.append(part)
    return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


def case_dimensions(names=None, *, trend_unit: str | None = None) -> dict:
    chosen = CASE_DIMENSIONS if names is None else {n: CASE_DIMENSIONS[n] for n in names}
    dims = {name: value_of(column) for name, column in chosen.items()}
    if trend_unit:
        dims[TREND] = trend_bucket("received_at", trend_unit)
    return dims


def collect(rows, names) -> dict[str, dict[str, dict[str, int]]]:
    """Rows of a grouped query -> {kind: {value: {measure: n}}}."""
    result: dict[str, dict[str, dict[str, int]]] = {}
    for row in rows:
        kind, value = row["g_kind"], str(row["g_value"] or "")
        if kind == TREND:
            value = value[:10]  # a date, however the database wrote it
        target = result.setdefault(kind, {}).setdefault(value, {})
        for name in names:
            target[name] = target.get(name, 0) + int(row[name] or 0)
    return result


def subtract(total: dict, part: dict) -> dict:
    """total - part, per kind, value and measure (both from collect)."""
    for kind, values in part.items():
        for value, measures in values.items():
            target = total.setdefault(kind, {}).setdefault(value, {})
            for name, n in measures.items():
                target[name] = target.get(name, 0) - n
    return total
