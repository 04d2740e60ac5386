"""Concurrent writers on cases received the same day: does marking the day dirty make them wait for each other?

    python bench/bench_dirty_day.py [--writers 8] [--seconds 5] [--hold-ms 10]

Each writer has its own connection and its own case (all received the same day) and, in a loop, updates its
case in a transaction that stays open a few milliseconds more (the rest of a request's work) before it
commits. If the dashboard's dirty-day mark takes a row lock that lasts until commit, the writers queue
behind each other and the commits per second stay those of one writer. Prints commits/s and the
transaction times, then refreshes the rollup and checks it against a count from the cases.
"""

import argparse
import statistics
import threading
import time

from _setup import setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--hold-ms", type=float, default=10.0, help="how long each transaction stays open")
    args = parser.parse_args()
    setup()

    from django.db import connection, transaction
    from django.utils import timezone

    from dashboard import cube
    from tests.factories import make_case

    received = timezone.now().replace(hour=3, minute=0, second=0, microsecond=0)
    ids = [make_case(received_at=received).pk for _ in range(args.writers)]
    cube.refresh()
    durations: list[list[float]] = [[] for _ in ids]
    stop = time.monotonic() + args.seconds

    def write(index: int, case_id: int) -> None:
        # Django gives each thread a connection of its own.
        try:
            while time.monotonic() < stop:
                began = time.perf_counter()
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("UPDATE cases_case SET what_happened = what_happened WHERE id = %s", [case_id])
                    cursor.execute("SELECT pg_sleep(%s)", [args.hold_ms / 1000])
                durations[index].append(time.perf_counter() - began)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i, pk)) for i, pk in enumerate(ids)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = sorted(d for ds in durations for d in ds)
    ceiling = args.writers / (args.hold_ms / 1000)
    print(f"{args.writers} writers, {args.hold_ms:g} ms held, {args.seconds:g} s")
    print(f"  commits/s {len(every) / args.seconds:8.1f}   (at most {ceiling:.0f} if only the hold took time)")
    print(
        f"  transaction ms p50 {statistics.median(every) * 1000:.1f}  "
        f"p95 {every[int(len(every) * 0.95)] * 1000:.1f}  max {every[-1] * 1000:.1f}"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_dashboarddirtyday")
        print(f"  dirty-day rows before the refresh: {cursor.fetchone()[0]}")
    began = time.perf_counter()
    cube.refresh()
    print(f"  refresh {1000 * (time.perf_counter() - began):.0f} ms; rollup exact: {cube.differences() == []}")


if __name__ == "__main__":
    main()
