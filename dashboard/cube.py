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
from django.db.models import CharField, Count, DateField, F, Max, Q, Sum, Value, Window
from django.db.models.functions import Cast, Lag, TruncMonth
from django.utils import timezone

from cases.models import OPEN_STATUSES, Case, CasePetitioner

from . import grouping, measures
from .models import DashboardCount, DashboardDirtyDay, DashboardMonthCount, DashboardPersonDay, DashboardSubjectDay

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
    link_t = CasePetitioner._meta.db_table
    person_t, subject_t = DashboardPersonDay._meta.db_table, DashboardSubjectDay._meta.db_table
    month_t = DashboardMonthCount._meta.db_table
    if vendor == "postgresql":
        zone = str(grouping.tz()).replace("'", "")

        def mark(row: str) -> str:
            return (
                f"INSERT INTO {dirty_t} (day, generation) "  # noqa: S608 - table names and a zone from settings
                f"VALUES (({row}.received_at AT TIME ZONE '{zone}')::date, 1) "
                f"ON CONFLICT (day) DO UPDATE SET generation = {dirty_t}.generation + 1;"
            )

        def mark_link(row: str) -> str:
            # The case's own day, and the days of the petitioner's later cases (their "two before" moves).
            return (
                f"INSERT INTO {dirty_t} (day, generation) "  # noqa: S608 - table names and a zone from settings
                f"SELECT (c.received_at AT TIME ZONE '{zone}')::date, 1 FROM {case_t} c WHERE c.id = {row}.case_id "
                f"ON CONFLICT (day) DO UPDATE SET generation = {dirty_t}.generation + 1; "
                f"INSERT INTO {dirty_t} (day, generation) "
                f"SELECT DISTINCT (later.received_at AT TIME ZONE '{zone}')::date, 1 FROM {link_t} l "
                f"JOIN {case_t} later ON later.id = l.case_id WHERE l.petitioner_id = {row}.petitioner_id "
                f"AND later.received_at > (SELECT c.received_at FROM {case_t} c WHERE c.id = {row}.case_id) "
                f"ON CONFLICT (day) DO UPDATE SET generation = {dirty_t}.generation + 1;"
            )

        people_later = (
            f"INSERT INTO {dirty_t} (day, generation) "  # noqa: S608 - table names and a zone from settings
            f"SELECT DISTINCT (later.received_at AT TIME ZONE '{zone}')::date, 1 FROM {link_t} mine "
            f"JOIN {link_t} theirs ON theirs.petitioner_id = mine.petitioner_id "
            f"JOIN {case_t} later ON later.id = theirs.case_id "
            f"WHERE mine.case_id = NEW.id AND later.received_at >= LEAST(OLD.received_at, NEW.received_at) "
            f"ON CONFLICT (day) DO UPDATE SET generation = {dirty_t}.generation + 1;"
        )

        forget_all = " ".join(f"DELETE FROM {t};" for t in (count_t, month_t, person_t, subject_t, dirty_t))  # noqa: S608 - the models' tables
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
      {people_later}
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
            # A petitioner added to or taken off a case changes its day's petitioner counts.
            f"""CREATE OR REPLACE FUNCTION cases_dashboard_mark_link_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    {mark_link("OLD")}
  END IF;
  IF TG_OP <> 'DELETE' THEN
    {mark_link("NEW")}
  END IF;
  RETURN NULL;
END $$""",
            f"DROP TRIGGER IF EXISTS cases_dashboard_link_dirty ON {link_t}",
            f"CREATE TRIGGER cases_dashboard_link_dirty AFTER INSERT OR UPDATE OR DELETE ON {link_t} "
            f"FOR EACH ROW EXECUTE FUNCTION cases_dashboard_mark_link_dirty()",
        ]
    if vendor == "sqlite":
        offset = f"{_sqlite_offset_minutes():+d} minutes"

        def mark(row: str) -> str:
            return (
                f"INSERT INTO {dirty_t} (day, generation) "  # noqa: S608 - a table name and a computed offset
                f"VALUES (date({row}.received_at, '{offset}'), 1) "
                f"ON CONFLICT(day) DO UPDATE SET generation = generation + 1;"
            )

        def mark_link(row: str) -> str:
            return (
                f"INSERT INTO {dirty_t} (day, generation) "  # noqa: S608 - table names and a computed offset
                f"SELECT date(c.received_at, '{offset}'), 1 FROM {case_t} c WHERE c.id = {row}.case_id "
                f"ON CONFLICT(day) DO UPDATE SET generation = generation + 1; "
                f"INSERT INTO {dirty_t} (day, generation) "
                f"SELECT DISTINCT date(later.received_at, '{offset}'), 1 FROM {link_t} l "
                f"JOIN {case_t} later ON later.id = l.case_id WHERE l.petitioner_id = {row}.petitioner_id "
                f"AND later.received_at > (SELECT c.received_at FROM {case_t} c WHERE c.id = {row}.case_id) "
                f"ON CONFLICT(day) DO UPDATE SET generation = generation + 1;"
            )

        people_later = (
            f"INSERT INTO {dirty_t} (day, generation) "  # noqa: S608 - table names and a computed offset
            f"SELECT DISTINCT date(later.received_at, '{offset}'), 1 FROM {link_t} mine "
            f"JOIN {link_t} theirs ON theirs.petitioner_id = mine.petitioner_id "
            f"JOIN {case_t} later ON later.id = theirs.case_id "
            f"WHERE mine.case_id = NEW.id AND later.received_at >= min(OLD.received_at, NEW.received_at) "
            f"ON CONFLICT(day) DO UPDATE SET generation = generation + 1;"
        )

        statements = []
        for event, rows in (("INSERT", ["NEW"]), ("UPDATE", ["OLD", "NEW"]), ("DELETE", ["OLD"])):
            for table, prefix, marker in ((case_t, "dirty", mark), (link_t, "link_dirty", mark_link)):
                name = f"cases_dashboard_{prefix}_{event.lower()}"
                body = " ".join(marker(row) for row in rows)
                statements += [
                    f"DROP TRIGGER IF EXISTS {name}",
                    f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {body} END",
                ]
        statements += [
            "DROP TRIGGER IF EXISTS cases_dashboard_dirty_moved",
            f"CREATE TRIGGER cases_dashboard_dirty_moved AFTER UPDATE OF received_at ON {case_t} "
            f"WHEN NEW.received_at IS NOT OLD.received_at BEGIN {people_later} END",
        ]
        return statements
    return []


def drop_trigger_sql(vendor: str) -> list[str]:
    case_t, link_t = Case._meta.db_table, CasePetitioner._meta.db_table
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS cases_dashboard_dirty ON {case_t}",
            f"DROP TRIGGER IF EXISTS cases_dashboard_truncate ON {case_t}",
            f"DROP TRIGGER IF EXISTS cases_dashboard_link_dirty ON {link_t}",
            "DROP FUNCTION IF EXISTS cases_dashboard_mark_dirty()",
            "DROP FUNCTION IF EXISTS cases_dashboard_forget_all()",
            "DROP FUNCTION IF EXISTS cases_dashboard_mark_link_dirty()",
        ]
    if vendor == "sqlite":
        return [
            *(
                f"DROP TRIGGER IF EXISTS cases_dashboard_{prefix}_{e}"
                for prefix in ("dirty", "link_dirty")
                for e in ("insert", "update", "delete")
            ),
            "DROP TRIGGER IF EXISTS cases_dashboard_dirty_moved",
        ]
    return []


# Today's state of open work (late while waiting, overdue, past a tier's target) is counted from the
# open cases on every view; this index holds every column those counts read, for the open cases only,
# so PostgreSQL answers them from the index without visiting the table.
OPEN_CASES_INDEX = "case_open_dashboard"
OPEN_CASE_COLUMNS = [
    "id",
    "status",
    "lead_department_id",
    "community_id",
    "zone_id",
    "channel",
    "category",
    "subject_id",
    "accused_user_id",
    "accused_department_id",
    "routed_at",
    "accepted_at",
    "replied_at",
    "transfer_due_on",
    "acceptance_due_on",
    "reply_due_on",
    "due_on",
    "tier_due_on",
]


def index_sql(vendor: str) -> list[str]:
    if vendor != "postgresql":
        return []
    statuses = ", ".join(f"'{s}'" for s in OPEN_STATUSES)
    return [
        f"CREATE INDEX IF NOT EXISTS {OPEN_CASES_INDEX} ON {Case._meta.db_table} (received_at) "
        f"INCLUDE ({', '.join(OPEN_CASE_COLUMNS)}) WHERE status IN ({statuses})"
    ]


def install_triggers(conn=None) -> None:
    conn = conn or connection
    with conn.cursor() as cursor:
        for statement in trigger_sql(conn.vendor):
            cursor.execute(statement)


def supported() -> bool:
    """Whether this database keeps the rollup (triggers exist for PostgreSQL and SQLite)."""
    return connection.vendor in ("postgresql", "sqlite")


# --- Refresh -------------------------------------------------------------------------------------


def _day_ranges(days: list[date], field: str = "received_at") -> Q:
    """Contiguous runs of days as received_at ranges, so the index on received_at serves the recount."""
    condition = Q(pk__in=[])
    days = sorted(set(days))
    run_start = previous = None
    for day in [*days, None]:
        if run_start is not None and (day is None or day != previous + timedelta(days=1)):
            condition |= Q(
                **{
                    f"{field}__gte": grouping.day_start(run_start),
                    f"{field}__lt": grouping.day_start(previous + timedelta(days=1)),
                }
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
        grouping.rollup_dimensions(),
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


def _insert_select(model, columns: list[str], qs) -> None:
    """INSERT INTO model's table (columns) SELECT the values query's columns, in the same order."""
    select_sql, params = qs.query.sql_with_params()
    quote = connection.ops.quote_name
    target = f"{quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)})"
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {target} {select_sql}", params)


def _insert_details(days: list[date]) -> None:
    """The warnings' rollups for these days: cases per petitioner (with the day of their case two before),
    and cases per community and subject.
    """
    local_day = grouping.TruncDate("case__received_at", tzinfo=grouping.tz())
    on_days = CasePetitioner.objects.filter(_day_ranges(days, "case__received_at")).values("petitioner_id")
    # Each case of these people in order, with the day of the case two before it (a window function).
    sequence = (
        CasePetitioner.objects.filter(petitioner_id__in=on_days)
        .order_by()
        .annotate(
            g_day=local_day,
            back2=Window(
                Lag(local_day, offset=2),
                partition_by=[F("petitioner_id")],
                order_by=[F("case__received_at").asc(), F("case_id").asc()],
            ),
        )
        .values("g_day", "petitioner_id", "back2")
    )
    inner_sql, params = sequence.query.sql_with_params()
    quote = connection.ops.quote_name
    table = quote(DashboardPersonDay._meta.db_table)
    wanted = ", ".join(["%s"] * len(days))
    # Names from the model; the days travel as parameters.
    sql = (
        f"INSERT INTO {table} (day, petitioner_id, cases, back2_day) "  # noqa: S608
        f"SELECT g_day, petitioner_id, COUNT(*), MAX(back2) FROM ({inner_sql}) ordered_cases "
        f"WHERE g_day IN ({wanted}) GROUP BY g_day, petitioner_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *(connection.ops.adapt_datefield_value(d) for d in days)])
    subjects = (
        Case.objects.filter(_day_ranges(days), community_id__isnull=False, subject_id__isnull=False)
        .order_by()
        .annotate(g_day=grouping.TruncDate("received_at", tzinfo=grouping.tz()))
        .values("g_day", "community_id", "subject_id")
        .annotate(n=Count("pk"))
        .values_list("g_day", "community_id", "subject_id", "n")
    )
    _insert_select(DashboardSubjectDay, ["day", "community_id", "subject_id", "cases"], subjects)


def _month_ranges(months: set[date]) -> Q:
    condition = Q(pk__in=[])
    for month in months:
        condition |= Q(day__gte=month, day__lt=_next_month(month))
    return condition


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _recount_months(days: list[date]) -> None:
    """The months these days are in, added up again from their day rows."""
    months = {day.replace(day=1) for day in days}
    DashboardMonthCount.objects.filter(month__in=months).delete()
    names = measures.STATIC_NAMES
    sums = (
        DashboardCount.objects.filter(_month_ranges(months))
        .order_by()
        .annotate(m=TruncMonth("day", output_field=DateField()))
        .values("m", "kind", "value")
        .annotate(**{f"s_{name}": Sum(name) for name in names})
        .values_list("m", "kind", "value", *(f"s_{name}" for name in names))
    )
    _insert_select(DashboardMonthCount, ["month", "kind", "value", *names], sums)


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
        for model in (DashboardCount, DashboardPersonDay, DashboardSubjectDay):
            model.objects.filter(day__in=days).delete()
        _insert_counts(days)
        _recount_months(days)
        _insert_details(days)
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
    for model in (DashboardCount, DashboardPersonDay, DashboardSubjectDay):
        days |= set(model.objects.values_list("day", flat=True).distinct())
    days |= set(DashboardMonthCount.objects.values_list("month", flat=True).distinct())
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
    sql, params = grouping.counting_sql(cases, grouping.rollup_dimensions(), measures.static_columns(), with_day=True)
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
    # Each month's rows are its days' rows added up.
    day_rows = DashboardCount.objects.all()
    month_rows = DashboardMonthCount.objects.all()
    if start is not None:
        day_rows, month_rows = (
            day_rows.filter(day__gte=start.replace(day=1)),
            month_rows.filter(month__gte=start.replace(day=1)),
        )
    if end is not None:
        day_rows, month_rows = day_rows.filter(day__lt=_next_month(end)), month_rows.filter(month__lte=end)
    added: dict[tuple, dict] = {}
    for row in day_rows.values("day", "kind", "value", *names):
        target = added.setdefault((row["day"].replace(day=1), row["kind"], row["value"]), dict.fromkeys(names, 0))
        for name in names:
            target[name] += row[name]
    kept_months = {
        (r["month"], r["kind"], r["value"]): {n: r[n] for n in names}
        for r in month_rows.values("month", "kind", "value", *names)
    }
    for key in sorted(set(added) | set(kept_months)):
        a, b = kept_months.get(key, {}), added.get(key, {})
        for name in names:
            if a.get(name, 0) != b.get(name, 0):
                problems.append((key[0], f"month/{key[1]}", key[2], name, a.get(name, 0), b.get(name, 0)))
    # The warnings' rollups, against a count worked out here in Python from the links and the cases:
    # per petitioner and day, the cases and the day of the case two before that day's last.
    first, last = start or date.min, end or date.max
    history: dict[int, list] = {}
    for pid, received_at, case_id in CasePetitioner.objects.values_list(
        "petitioner_id", "case__received_at", "case_id"
    ):
        history.setdefault(pid, []).append((received_at, case_id))
    fresh_people: dict[tuple, tuple] = {}
    for pid, items in history.items():
        items.sort()
        days = [timezone.localdate(at, grouping.tz()) for at, _case in items]
        for i, day in enumerate(days):
            if first <= day <= last:
                n, _back2 = fresh_people.get((day, str(pid)), (0, None))
                fresh_people[(day, str(pid))] = (n + 1, days[i - 2] if i >= 2 else None)
    people = DashboardPersonDay.objects.filter(day__gte=first, day__lte=last)
    kept_people = {
        (r["day"], str(r["petitioner_id"])): (r["cases"], r["back2_day"])
        for r in people.values("day", "petitioner_id", "cases", "back2_day")
    }
    topics = cases.filter(community_id__isnull=False, subject_id__isnull=False).annotate(
        d=grouping.TruncDate("received_at", tzinfo=grouping.tz())
    )
    fresh_topics = {
        (r["d"], f"{r['community_id']}/{r['subject_id']}"): r["n"]
        for r in topics.values("d", "community_id", "subject_id").annotate(n=Count("pk"))
    }
    subjects = DashboardSubjectDay.objects.filter(day__gte=first, day__lte=last)
    kept_topics = {
        (r["day"], f"{r['community_id']}/{r['subject_id']}"): r["cases"]
        for r in subjects.values("day", "community_id", "subject_id", "cases")
    }
    for kind, fresh_rows, kept_rows, empty in (
        ("petitioner", fresh_people, kept_people, (0, None)),
        ("subject", fresh_topics, kept_topics, 0),
    ):
        for key in sorted(set(fresh_rows) | set(kept_rows)):
            if fresh_rows.get(key, empty) != kept_rows.get(key, empty):
                problems.append((key[0], kind, key[1], "cases", kept_rows.get(key, empty), fresh_rows.get(key, empty)))
    return problems


# --- Reading -------------------------------------------------------------------------------------


def _full_months(start: date, end: date) -> tuple[date, date] | None:
    """The first and last whole calendar months within start..end (their first days), if any."""
    first = start if start.day == 1 else _next_month(start)
    last_end = end if _next_month(end) - timedelta(days=1) == end else end.replace(day=1) - timedelta(days=1)
    last = last_end.replace(day=1)
    return (first, last) if first <= last else None


def read(start: date, end: date, trend_unit: str, department: str = "") -> dict:
    """The rollup's sums for start..end per dimension value and per trend bucket, in one query:
    whole months from the monthly rows, the days at either end (and weeks) from the daily rows.

    With a department (its id), the same for that lead department's cases alone, from its "dept.*" rows:
    the answer has the shape a count of those cases would have.
    """
    names = measures.STATIC_NAMES
    sums = {name: Sum(name) for name in names}
    months = _full_months(start, end) if trend_unit == "month" else None
    if months:
        month_rows = DashboardMonthCount.objects.filter(month__gte=months[0], month__lte=months[1])
        day_rows = DashboardCount.objects.filter(
            Q(day__gte=start, day__lt=months[0]) | Q(day__gte=_next_month(months[1]), day__lte=end)
        )
    else:
        month_rows = DashboardMonthCount.objects.filter(month__gte=end, month__lt=end)  # none: every day is read
        day_rows = DashboardCount.objects.filter(day__gte=start, day__lte=end)
    Kind = DashboardCount.Kind
    if department:
        prefix = f"{department}{grouping.PAIR_SEPARATOR}"
        wanted = Q(kind__in=list(grouping.DEPARTMENT_PAIRS), value__startswith=prefix)
        wanted |= Q(kind=Kind.DEPARTMENT, value=department)
        whole = Q(kind=Kind.DEPARTMENT, value=department)
    else:
        wanted = Q(kind__in=[kind for kind in Kind.values if kind not in grouping.DEPARTMENT_PAIRS])
        whole = Q(kind=Kind.ALL)
    parts = []
    for rows, field in ((month_rows, "month"), (day_rows, "day")):
        rows = rows.order_by()
        parts.append(
            rows.filter(wanted)
            .annotate(g_kind=F("kind"), g_value=F("value"))
            .values("g_kind", "g_value")
            .annotate(**sums)
        )
        bucket = (
            F("month") if field == "month" else grouping.trend_bucket("day", trend_unit, is_date=True, as_text=False)
        )
        parts.append(
            rows.filter(whole)
            .annotate(g_kind=Value(grouping.TREND, output_field=CharField()), g_value=Cast(bucket, CharField()))
            .values("g_kind", "g_value")
            .annotate(**sums)
        )
    counts = grouping.collect(parts[0].union(*parts[1:], all=True), names)
    if not department:
        return counts
    # "dept.channel" / "8|WEB" -> "channel" / "WEB"; the department's own row is also the whole ("all").
    for kind, plain in grouping.DEPARTMENT_PAIRS.items():
        counts[plain] = {value[len(prefix) :]: n for value, n in counts.pop(kind, {}).items()}
    counts["all"] = {"": dict(counts.get(Kind.DEPARTMENT, {}).get(department, {}))}
    return counts


def read_people(start: date, end: date) -> list[tuple[int, int, date]]:
    """(petitioner id, cases, latest day) for everyone with 3 or more cases received start..end.

    The third of three cases in the window is a day whose case two before falls in the window too, so only
    those days are read first (a small partial index), then the found people's days are added up.
    """
    found = DashboardPersonDay.objects.filter(day__gte=start, day__lte=end, back2_day__gte=start).values(
        "petitioner_id"
    )
    rows = (
        DashboardPersonDay.objects.filter(day__gte=start, day__lte=end, petitioner_id__in=found)
        .order_by()
        .values("petitioner_id")
        .annotate(n=Sum("cases"), last=Max("day"))
    )
    return [(r["petitioner_id"], r["n"], r["last"]) for r in rows]


def read_person_days(start: date, end: date, people: list[int]) -> dict[int, dict[date, int]]:
    """The days (and cases a day) of a few people from start to end."""
    days: dict[int, dict[date, int]] = {}
    rows = DashboardPersonDay.objects.filter(day__gte=start, day__lte=end, petitioner_id__in=people or [0])
    for pid, day, n in rows.values_list("petitioner_id", "day", "cases"):
        days.setdefault(pid, {})[day] = n
    return days


def read_subjects(before_start: date, now_start: date, end: date) -> list[tuple[int, int, int, int]]:
    """(community id, subject id, cases from now_start to end, cases from before_start to the day before now_start)."""
    rows = (
        DashboardSubjectDay.objects.filter(day__gte=before_start, day__lte=end)
        .order_by()
        .values("community_id", "subject_id")
        .annotate(
            now=Sum("cases", filter=Q(day__gte=now_start), default=0),
            before=Sum("cases", filter=Q(day__lt=now_start), default=0),
        )
    )
    return [(r["community_id"], r["subject_id"], r["now"], r["before"]) for r in rows]
