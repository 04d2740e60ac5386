"""The rollup: static measures per received day and dimension, recomputed for exactly the days that changed.

How it stays exact. A trigger on the case table (installed by the migration, PostgreSQL and SQLite)
marks a case's received day dirty in the same transaction as any insert, update or delete, whatever
wrote it: a service, the admin, a data migration, raw SQL. The refresh (the beat task every
DASHBOARD_REFRESH_SECONDS, or `manage.py dashboard_rollup` from cron) recounts the dirty days from the
cases under an advisory lock, and forgets a dirty mark only if no newer change bumped it meanwhile.
Pages never write: they read the rollup as the refresh last left it, and say how many days of their
period wait to be recounted. Nothing here depends on today, so a day's rows stay right until one of
its cases changes. `--rebuild` recounts everything and `--check` compares the rollup with a count made
from the cases.
"""

from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, DateField, F, Q, Sum, Window
from django.db.models.functions import Lag, TruncMonth
from django.utils import timezone

from cases.models import Case, CasePetitioner

from . import grouping, measures
from .models import DashboardCount, DashboardDirtyDay, DashboardMonthCount, DashboardPersonDay, DashboardSubjectDay
from .periods import next_month

# Any fixed number: refreshes take this transaction-level advisory lock, so two never interleave.
ADVISORY_LOCK = 0x7A51D4B0


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
        condition |= Q(day__gte=month, day__lt=next_month(month))
    return condition


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


def _take_marks(start: date | None, end: date | None) -> list[date]:
    """Delete the dirty-day marks between start and end and return their days, once each.

    The delete is part of the refresh's transaction, so a failed recount puts the marks back. Under READ
    COMMITTED it takes the marks committed before it began, whose changes the recount's later statements
    all see; a change committed after that keeps its mark, and its day is recounted next time.
    """
    table = DashboardDirtyDay._meta.db_table
    where, params = ["TRUE"], []
    if start is not None:
        where.append("day >= %s")
        params.append(start)
    if end is not None:
        where.append("day <= %s")
        params.append(end)
    delete = f"DELETE FROM {table} WHERE {' AND '.join(where)} RETURNING day"  # noqa: S608 - the model's table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A bulk change can leave a mark per row: only the distinct days come back.
            cursor.execute(f"WITH taken AS ({delete}) SELECT DISTINCT day FROM taken", params)  # noqa: S608
        else:
            cursor.execute(delete, params)
        days = {row[0] for row in cursor.fetchall()}
    return sorted(d if isinstance(d, date) else date.fromisoformat(d) for d in days)


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
        days = _take_marks(start, end)
        if not days:
            return 0
        for model in (DashboardCount, DashboardPersonDay, DashboardSubjectDay):
            model.objects.filter(day__in=days).delete()
        _insert_counts(days)
        _recount_months(days)
        _insert_details(days)
    return len(days)


def waiting_days(start: date, end: date) -> int:
    """How many days from start to end changed since they were last counted (one indexed count)."""
    return DashboardDirtyDay.objects.filter(day__gte=start, day__lte=end).values("day").distinct().count()


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
        day_rows, month_rows = day_rows.filter(day__lt=next_month(end)), month_rows.filter(month__lte=end)
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
