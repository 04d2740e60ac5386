"""Benchmark the town office dashboard at two data sizes: server-side time (median of several runs) and queries.

    python bench/bench_dashboard.py                       # 100,000 and 1,000,000 cases
    python bench/bench_dashboard.py --sizes 20000 200000 --runs 5

Each size has a database of its own (zhuanqiao_bench_dashboard_<size>, next to BENCH_DATABASE_URL's),
seeded once by bench/seed_million.py and kept, so a second run only measures. The script times
GET /dashboard/ through Django's whole request handling (middleware, session, permissions, the reads,
the template) for the town leader over the last 365 days and this month (the rollup serves both),
for a department head over the last 365 days and for the leader with one community chosen (both
counted from the cases), then checks each view makes the same number of queries at every size.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import _setup
import seed_million

HERE = Path(__file__).resolve().parent


def _views(today, community: str) -> list[tuple[str, str, dict]]:
    last_year = {"period": "custom", "from": (today - timedelta(days=364)).isoformat(), "to": today.isoformat()}
    return [
        ("town, last 365 days (rollup)", "leader", last_year),
        ("town, this month (rollup)", "leader", {}),
        ("department head, last 365 days", "head", last_year),
        ("one community, last 365 days", "leader", {**last_year, "community": community}),
    ]


def _measure(client, params: dict, runs: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert client.get("/dashboard/", params).status_code == 200  # warm: the session, any dirty day
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get("/dashboard/", params)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as ctx:
        client.get("/dashboard/", params)
    return {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "queries": len(ctx.captured_queries),
        "sql_ms": sum(float(q["time"]) for q in ctx.captured_queries) * 1000,
    }


def child(size: int, runs: int) -> None:
    """Seed this size's database (once) and measure every view; the last line is the result as JSON."""
    _setup.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from cases.models import Case
    from grids.models import Community

    seeded = seed_million.seed(size)
    from dashboard import cube

    started = time.perf_counter()
    recounted = cube.refresh()  # days a newer migration marked dirty; normally none
    if recounted:
        print(f"recounted {recounted} dirty days in {time.perf_counter() - started:.1f} s", flush=True)
    today = timezone.localdate()
    community = str(Community.objects.order_by("pk").values_list("pk", flat=True).first())
    users = get_user_model().objects
    result = {"size": Case.objects.count(), "seed_s": seeded, "pg": connection.pg_version // 10000, "views": {}}
    for label, username, params in _views(today, community):
        client = Client()
        client.force_login(users.get(username=username))
        result["views"][label] = _measure(client, params, runs)
    print("RESULT " + json.dumps(result), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.runs)
        return
    base = os.environ.get("BENCH_DATABASE_URL", _setup.DEFAULT_URL).rsplit("/", 1)[0]
    results = []
    for size in sorted(args.sizes):
        env = {**os.environ, "BENCH_DATABASE_URL": f"{base}/{seed_million.DEFAULT_DATABASE}_{size}"}
        print(f"== {size:,} cases ({env['BENCH_DATABASE_URL'].rsplit('/', 1)[1]})", flush=True)
        command = [sys.executable, str(HERE / "bench_dashboard.py"), "--child", str(size), "--runs", str(args.runs)]
        output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout  # noqa: S603
        for line in output.splitlines():
            if line.startswith("RESULT "):
                results.append(json.loads(line[len("RESULT ") :]))
            else:
                print("   " + line)
    print(f"\nPostgreSQL {results[0]['pg']}, {os.cpu_count()} CPUs, median of {args.runs} runs, server-side (ms):")
    labels = list(results[0]["views"])
    header = "".join(f"{r['size']:>22,}" for r in results)
    print(f"  {'view':<34}{header}")
    for label in labels:
        cells = "".join(
            f"{r['views'][label]['median']:>9.1f} ms ({r['views'][label]['queries']:>2} q)" for r in results
        )
        print(f"  {label:<34}{cells}")
    same = all(len({r["views"][label]["queries"] for r in results}) == 1 for label in labels)
    print("query count independent of data size:", "yes" if same else "NO")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
