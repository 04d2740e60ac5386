"""The rollup: static measures per received day and dimension, recomputed for exactly the days that changed.

How it stays exact. A trigger on the case table (installed by the migration, PostgreSQL and SQLite)
marks a case's received day dirty in the same transaction as any insert, update or delete, whatever
wrote it: a service, the admin, a data migration, raw SQL. Before the dashboard reads a period it
recounts that period's dirty days from the cases in one statement, under an advisory lock, and
forgets a dirty mark only if no newer change bumped it meanwhile. Nothing here depends on today, so
a day's rows stay right until one of its cases changes. `manage.py dashboard_rollup` refreshes
every dirty day (for cron or Celery beat), `--rebuild` recounts everything and `--check` compares
the rollup with a count made from the cases.
"""

from datetime import date, timedelta

from django.db import connection
from django.db.models import Q, Sum
from django.utils import timezone

from ..models import Case
from . import grouping, measures
from .models import DashboardCount, DashboardDirtyDay

# Any fixed number: refreshes take this transaction-level advisory lock, so two never interleave.
ADVISORY_LOCK = 0x7A51D4B0


# --- Triggers ------------------------------------------------------------------------------------


def _sqlite_offset_minutes() -> int:
    # SQLite has no time zone database: the offset of the town's zone now (Asia/Shanghai has no DST).
    offset = timezone.now().astimezone(grouping.tz()).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def trigger_sql(vendor: str) -> list[str]:
    """Statements that (re)install the dirty-day trigger on the case table."""
    case_t, dirty_t, count_t = Case._meta.db_table, DashboardDirtyDay._meta.db_table, DashboardCount._meta.db_table
    if vendor == "postgresql":
        zone = str(grouping.tz()).replace("'", "")

        def mark(row: str) -> str:
            return (
                f"INSERT INTO {dirty_t} (day, generation) "  # noqa: S608 - table names and a zone from settings
                f"VALUES (({row}.received_at AT TIME ZONE '{zone}')::date, 1) "
                f"ON CONFLICT (day) DO UPDATE SET generation = {dirty_t}.generation + 1;"
            )

        forget_all = f"DELETE FROM {count_t}; DELETE FROM {dirty_t};"  # noqa: S608 - table names from the models
        return [
            f"""CREATE OR REPLACE FUNCTION cases_dashboard_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {mark("NEW")}
  ELSIF TG_OP = 'DELETE' THEN
    {mark("OLD")}
  ELSE
    {mark("OLD")}
    IF NEW.received_at IS DISTINCT FROM OLD.received_at THEN
      {mark("NEW")}
    END IF;
  END IF;
  RETURN NULL;
END $$""",
            "CREATE OR REPLACE FUNCTION cases_dashboard_forget_all() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            + forget_all
            + " RETURN NULL; END $$",
            f"DROP TRIGGER IF EXISTS cases_dashboard_dirty ON {case_t}",
            f"CREATE TRIGGER cases_dashboard_dirty AFTER INSERT OR UPDATE OR DELETE ON {case_t} "
            f"FOR EACH ROW EXECUTE FUNCTION cases_dashboard_mark_dirty()",
            f"DROP TRIGGER IF EXISTS cases_dashboard_truncate ON {case_t}",
            f"CREATE TRIGGER cases_dashboard_truncate AFTER TRUNCATE ON {case_t} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION cases_dashboard_forget_all()",
        ]
    if vendor == "sqlite":
        offset = f"{_sqlite_offset_minutes():+d} minutes"

        def mark(row: str) -> str:
            return (
                f"INSERT INTO {dirty_t} (day, generation) "  # noqa: S608 - a table name and a computed offset
                f"VALUES (date({row}.received_at, '{offset}'), 1) "
                f"ON CONFLICT(day) DO UPDATE SET generation = generation + 1;"
            )

        statements = []
        for event, rows in (("INSERT", ["NEW"]), ("UPDATE", ["OLD", "NEW"]), ("DELETE", ["OLD"])):
            name = f"cases_dashboard_dirty_{event.lower()}"
            body = " ".join(mark(row) for row in rows)
            statements += [
                f"DROP TRIGGER IF EXISTS {name}",
                f"CREATE TRIGGER {name} AFTER {event} ON {case_t} BEGIN {body} END",
            ]
        return statements
    return []


def drop_trigger_sql(vendor: str) -> list[str]:
    case_t = Case._meta.db_table
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS cases_dashboard_dirty ON {case_t}",
            f"DROP TRIGGER IF EXISTS cases_dashboard_truncate ON {case_t}",
            "DROP FUNCTION IF EXISTS cases_dashboard_mark_dirty()",
            "DROP FUNCTION IF EXISTS cases_dashboard_forget_all()",
        ]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS cases_dashboard_dirty_{e}" for e in ("insert", "update", "delete")]
    return []


def install_triggers(conn=None) -> None:
    conn = conn or connection
    with conn.cursor() as cursor:
        for statement in trigger_sql(conn.vendor):
            cursor.execute(statement)


def supported() -> bool:
    """Whether this database keeps the rollup (triggers exist for PostgreSQL and SQLite)."""
    return connection.vendor in ("postgresql", "sqlite")


# --- Refresh -------------------------------------------------------------------------------------


def _day_ranges(days: list[date]) -> Q:
    """Contiguous runs of days as received_at ranges, so the index on received_at serves the recount."""
    condition = Q(pk__in=[])
    days = sorted(set(days))
    run_start = previous = None
    for day in [*days, None]:
        if run_start is not None and (day is None or day != previous + timedelta(days=1)):
            condition |= Q(
                received_at__gte=grouping.day_start(run_start),
                received_at__lt=grouping.day_start(previous + timedelta(days=1)),
            )
            run_start = None
        if day is not None and run_start is None:
            run_start = day
        previous = day
    return condition


def _insert_counts(days: list[date]) -> None:
    """One INSERT ... SELECT: every dimension's rows for these days, counted from the cases."""
    names = measures.STATIC_NAMES
    select_sql, params = grouping.counting_sql(
        Case.objects.filter(_day_ranges(days)),
        grouping.case_dimensions(),
        measures.static_columns(),
        with_day=True,
    )
    quote = connection.ops.quote_name
    columns = ["day", "kind", "value", *names]
    source = ["g_day", "g_kind", "g_value", *names]
    # Names come from the model; the values travel as parameters.
    target = f"{quote(DashboardCount._meta.db_table)} ({', '.join(quote(c) for c in columns)})"
    sql = f"INSERT INTO {target} SELECT {', '.join(quote(c) for c in source)} FROM ({select_sql}) grouped_counts"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def refresh(start: date | None = None, end: date | None = None) -> int:
    """Recount the dirty days between start and end (all when not given). Returns how many."""
    dirty = DashboardDirtyDay.objects.all()
    if start is not None:
        dirty = dirty.filter(day__gte=start)
    if end is not None:
        dirty = dirty.filter(day__lte=end)
    # Looking costs one indexed query; the lock and the recount only happen when there is work.
    if not dirty.exists():
        return 0
    with grouping.analytics():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
        seen = list(dirty.values_list("day", "generation"))
        if not seen:
            return 0
        days = [day for day, _generation in seen]
        DashboardCount.objects.filter(day__in=days).delete()
        _insert_counts(days)
        # A change committed after our recount began bumped its day's generation: that day stays dirty.
        forget = Q(pk__in=[])
        for day, generation in seen:
            forget |= Q(day=day, generation=generation)
        DashboardDirtyDay.objects.filter(forget).delete()
    return len(days)


def mark_all_dirty() -> int:
    """Every day that has cases, and every day that has rollup rows, becomes dirty."""
    days = set(
        Case.objects.annotate(d=grouping.TruncDate("received_at", tzinfo=grouping.tz()))
        .values_list("d", flat=True)
        .distinct()
    )
    days |= set(DashboardCount.objects.values_list("day", flat=True).distinct())
    existing = set(DashboardDirtyDay.objects.values_list("day", flat=True))
    DashboardDirtyDay.objects.bulk_create(
        [DashboardDirtyDay(day=d) for d in sorted(days - existing) if d is not None], batch_size=500
    )
    return len(days)


def rebuild(*, chunk_days: int = 92) -> int:
    """Recount everything, a quarter at a time (each in its own transaction)."""
    mark_all_dirty()
    first = DashboardDirtyDay.objects.order_by("day").values_list("day", flat=True).first()
    last = DashboardDirtyDay.objects.order_by("-day").values_list("day", flat=True).first()
    if first is None:
        return 0
    total, start = 0, first
    while start <= last:
        end = start + timedelta(days=chunk_days - 1)
        total += refresh(start, end)
        start = end + timedelta(days=1)
    return total


def differences(start: date | None = None, end: date | None = None) -> list[tuple]:
    """Rows where the rollup and a fresh count from the cases disagree: (day, kind, value, measure, rollup, cases)."""
    cases = Case.objects.all()
    stored = DashboardCount.objects.all()
    if start is not None:
        cases = cases.filter(received_at__gte=grouping.day_start(start))
        stored = stored.filter(day__gte=start)
    if end is not None:
        cases = cases.filter(received_at__lt=grouping.day_start(end + timedelta(days=1)))
        stored = stored.filter(day__lte=end)
    names = measures.STATIC_NAMES
    fresh = {}
    sql, params = grouping.counting_sql(cases, grouping.case_dimensions(), measures.static_columns(), with_day=True)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        labels = [c[0] for c in cursor.description]
        rows = [dict(zip(labels, r, strict=True)) for r in cursor.fetchall()]
    for row in rows:
        day = row["g_day"] if isinstance(row["g_day"], date) else date.fromisoformat(str(row["g_day"])[:10])
        fresh[(day, row["g_kind"], row["g_value"] or "")] = {n: int(row[n] or 0) for n in names}
    kept = {
        (r["day"], r["kind"], r["value"]): {n: r[n] for n in names}
        for r in stored.values("day", "kind", "value", *names)
    }
    problems = []
    for key in sorted(set(fresh) | set(kept), key=lambda k: (k[0], k[1], k[2])):
        a, b = kept.get(key, {}), fresh.get(key, {})
        for name in names:
            if a.get(name, 0) != b.get(name, 0):
                problems.append((*key, name, a.get(name, 0), b.get(name, 0)))
    return problems


# --- Reading -------------------------------------------------------------------------------------


def read(start: date, end: date, trend_unit: str) -> dict:
    """The rollup's sums for start..end per dimension value, and per trend bucket: one query."""
    names = measures.STATIC_NAMES
    sums = {name: Sum(name) for name in names}
    rows = DashboardCount.objects.filter(day__gte=start, day__lte=end)
    by_value = rows.order_by().values("kind", "value").annotate(g_kind=grouping.F("kind"), g_value=grouping.F("value"))
    by_value = by_value.values("g_kind", "g_value").annotate(**sums)
    trend = (
        rows.filter(kind=DashboardCount.Kind.ALL)
        .order_by()
        .annotate(
            g_kind=grouping.Value(grouping.TREND, output_field=grouping.CharField()),
            g_value=grouping.trend_bucket("day", trend_unit, is_date=True),
        )
        .values("g_kind", "g_value")
        .annotate(**sums)
    )
    return grouping.collect(by_value.union(trend, all=True), names)
