"""Benchmark the reminder sweep on many open cases: time and statements must not grow with the cases.

python bench/bench_sweep.py --cases 200000
"""

import argparse
import random
import time
from datetime import timedelta

import _setup

BATCH = 5000


def seed_cases(total: int) -> None:
    from django.utils import timezone

    from cases.models import Case, Status
    from grids.models import Community, Department, GridTier, Platform

    have = Case.objects.filter(tracking_code__startswith="BENCH").count()
    if have >= total:
        return
    rng = random.Random(total)
    today = timezone.localdate()
    communities = list(Community.objects.values_list("pk", flat=True))
    departments = list(Department.objects.values_list("pk", flat=True))
    tiers = list(GridTier.objects.values_list("pk", flat=True))
    platform = Platform.objects.get(code="HALL")
    statuses = [Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS, Status.UNDER_REVIEW]
    now = timezone.now()
    for start in range(have, total, BATCH):
        rows = []
        for i in range(start, min(start + BATCH, total)):
            status = rng.choice(statuses)
            due = today + timedelta(days=rng.randint(-40, 60))
            rows.append(
                Case(
                    tracking_code=f"BENCH{i:07d}",
                    channel="visit",
                    platform=platform,
                    received_at=now - timedelta(days=rng.randint(0, 120)),
                    what_happened="bench",
                    request="bench",
                    community_id=rng.choice(communities),
                    lead_department_id=rng.choice(departments),
                    tier_id=rng.choice(tiers),
                    status=status,
                    transfer_due_on=due if status == Status.REGISTERED else None,
                    acceptance_due_on=due if status == Status.ASSIGNED else None,
                    objection_due_on=due if status == Status.ASSIGNED else None,
                    reply_due_on=due if status == Status.IN_PROGRESS else None,
                    tier_due_on=today + timedelta(days=rng.randint(-20, 30)),
                    due_on=due,
                )
            )
        Case.objects.bulk_create(rows)


def run_sweep(day) -> tuple[float, int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.reminders.sweep import reminders_sweep

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        result = reminders_sweep(today=day)
        elapsed = time.perf_counter() - started
    return elapsed, len(ctx.captured_queries), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=200_000)
    args = parser.parse_args()
    _setup.setup()
    from django.utils import timezone

    from cases.models import Case, Reminder
    from notifications.models import Notification

    day = timezone.localdate()
    print(f"{'open cases':>12} {'seconds':>9} {'statements':>11} {'reminders':>10} {'notifications':>14}")
    for size in (args.cases // 10, args.cases):
        started = time.perf_counter()
        seed_cases(size)
        seeded = time.perf_counter() - started
        Notification.objects.all().delete()
        Reminder.objects.all().delete()
        elapsed, statements, result = run_sweep(day)
        print(
            f"{Case.objects.count():>12,} {elapsed:>9.2f} {statements:>11} {result.reminders:>10,} "
            f"{result.notifications:>14,}   (seeding took {seeded:.0f} s)"
        )
        again, statements_again, second = run_sweep(day)
        print(
            f"{'same day':>12} {again:>9.2f} {statements_again:>11} {second.reminders:>10,} {second.notifications:>14,}"
        )


if __name__ == "__main__":
    main()
