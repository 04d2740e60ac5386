"""Counting cases per dimension in one statement: ORM conditions worked out once per case, then summed."""

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import Case as DbCase
from django.db.models import CharField, DateField, ExpressionWrapper, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, TruncDate, TruncMonth, TruncWeek
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
# The rollup also counts each lead department's cases by the other dimensions, so one department's view
# (a department head's, or the town's with that filter) reads rows too. Kind -> the plain dimension it splits.
DEPARTMENT_PAIRS = {
    "dept.channel": "channel",
    "dept.platform": "platform",
    "dept.community": "community",
    "dept.tier": "resolved_tier",
}
PAIR_SEPARATOR = "|"


@contextmanager
def analytics():
    """A transaction for the dashboard's reads, with three PostgreSQL settings for it alone: no JIT (it
    spends longer compiling these wide aggregates than running them), memory enough for the hash tables,
    and the random-read cost of data in memory or on an SSD (1.1, not the spinning-disk 4), so a few
    thousand index lookups are preferred to reading a whole table.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'; SET LOCAL random_page_cost = 1.1")
        yield


def tz():
    """The town's time zone: a day is a day in Beijing, whatever zone a request activated."""
    return timezone.get_default_timezone()


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz())


def received_between(qs: QuerySet, start: date, end: date) -> QuerySet:
    """Cases received on the days start..end (Beijing days), as a range the received_at index serves."""
    return qs.filter(received_at__gte=day_start(start), received_at__lt=day_start(end + timedelta(days=1)))


def value_of(column: str | None):
    """A dimension's raw value; counting_sql turns it into text per group, not per case."""
    if column is None:
        return Value("", output_field=CharField())
    return F(column)


def trend_bucket(field: str, unit: str, *, is_date: bool = False, as_text: bool = True):
    """The first day of the week (Monday) or month a case's day falls in (as text unless told otherwise)."""
    trunc = TruncWeek if unit == "week" else TruncMonth
    bucket = trunc(field) if is_date else trunc(TruncDate(field, tzinfo=tz()), output_field=DateField())
    return Cast(bucket, output_field=CharField()) if as_text else bucket


def counting_sql(qs: QuerySet, dimensions: dict, columns: dict, *, with_day: bool = False) -> tuple[str, list]:
    """One statement: each case's measures worked out once (0 or 1, or a field's value), then summed per value
    of each dimension, as rows of (g_kind, g_value[, g_day], *columns): GROUPING SETS on PostgreSQL, a
    UNION ALL over a common table expression elsewhere.

    `columns` maps a name to (condition, field or None). Working the conditions out once per case and
    summing small integers per dimension costs a fraction of a filtered COUNT per dimension and measure.
    """
    quote = connection.ops.quote_name
    annotations = {f"d{i}": value for i, value in enumerate(dimensions.values())}
    if with_day:
        annotations["g_day"] = TruncDate("received_at", tzinfo=tz())
    for name, (condition, field) in columns.items():
        then = F(field) if field else Value(1)
        if not condition:  # every case: an empty Q cannot be a When()
            annotations[f"m_{name}"] = ExpressionWrapper(then, output_field=IntegerField())
        else:
            annotations[f"m_{name}"] = DbCase(When(condition, then=then), default=Value(0), output_field=IntegerField())
    inner_sql, params = qs.order_by().annotate(**annotations).values(*annotations).query.sql_with_params()
    day = ", g_day" if with_day else ""
    sums = ", ".join(f"SUM(m_{name}) AS {quote(name)}" for name in columns)
    n = len(dimensions)
    if connection.vendor == "postgresql":
        # One pass: GROUPING SETS, one per dimension; GROUPING() tells which set a row belongs to (the bit
        # of the grouped dimension is 0, leftmost argument highest).
        everything = ", ".join(f"d{i}" for i in range(n))
        masks = [(2**n - 1) ^ (1 << (n - 1 - i)) for i in range(n)]
        kind = " ".join(f"WHEN {mask} THEN %s" for mask in masks)
        value = " ".join(f"WHEN {mask} THEN COALESCE(CAST(d{i} AS VARCHAR(40)), '')" for i, mask in enumerate(masks))
        sets = ", ".join(f"(d{i}{day})" for i in range(n))
        # Aliases and names are ours; the dimension names and every value travel as parameters.
        sql = (
            f"SELECT CASE GROUPING({everything}) {kind} END AS g_kind, "  # noqa: S608
            f"CASE GROUPING({everything}) {value} END AS g_value{day}, {sums} "
            f"FROM ({inner_sql}) case_flags GROUP BY GROUPING SETS ({sets})"
        )
        return sql, [*dimensions, *params]
    parts = []
    for i in range(n):
        # Aliases and measure names are ours; the dimension's name travels as a parameter.
        value = f"COALESCE(CAST(d{i} AS VARCHAR(40)), '')"
        parts.append(f"SELECT %s AS g_kind, {value} AS g_value{day}, {sums} FROM case_flags GROUP BY d{i}{day}")  # noqa: S608
    sql = f"WITH case_flags AS ({inner_sql}) " + " UNION ALL ".join(parts)
    return sql, [*params, *dimensions]


def counted(qs: QuerySet, dimensions: dict, columns: dict) -> list[dict]:
    """counting_sql's rows as dicts."""
    sql, params = counting_sql(qs, dimensions, columns)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def counted_together(qs: QuerySet, dimensions: dict, columns: dict) -> dict[str, dict[str, dict[str, int]]]:
    """collect(counted(...)): per dimension value, with "all" the total."""
    return collect(counted(qs, dimensions, columns), list(columns))


def case_dimensions(names=None, *, trend_unit: str | None = None) -> dict:
    chosen = CASE_DIMENSIONS if names is None else {n: CASE_DIMENSIONS[n] for n in names}
    dims = {name: value_of(column) for name, column in chosen.items()}
    if trend_unit:
        dims[TREND] = trend_bucket("received_at", trend_unit, as_text=False)
    return dims


def rollup_dimensions() -> dict:
    """What the rollup counts by: every plain dimension, and each department's cases by the others (the value
    "<department id>|<value>", "" for none on either side)."""
    dims = case_dimensions()

    def text(column: str):
        return Coalesce(Cast(column, output_field=CharField()), Value(""), output_field=CharField())

    for kind, plain in DEPARTMENT_PAIRS.items():
        dims[kind] = Concat(
            text("lead_department_id"), Value(PAIR_SEPARATOR), text(CASE_DIMENSIONS[plain]), output_field=CharField()
        )
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
