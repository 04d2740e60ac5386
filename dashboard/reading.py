"""Reading the rollup: sums for a period per dimension and trend bucket, repeat petitioners, rising subjects."""

from datetime import date, timedelta

from django.db.models import CharField, F, Max, Q, Sum, Value
from django.db.models.functions import Cast

from . import grouping, measures
from .models import DashboardCount, DashboardMonthCount, DashboardPersonDay, DashboardSubjectDay
from .periods import next_month


def _full_months(start: date, end: date) -> tuple[date, date] | None:
    """The first and last whole calendar months within start..end (their first days), if any."""
    first = start if start.day == 1 else next_month(start)
    last_end = end if next_month(end) - timedelta(days=1) == end else end.replace(day=1) - timedelta(days=1)
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
            Q(day__gte=start, day__lt=months[0]) | Q(day__gte=next_month(months[1]), day__lte=end)
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
