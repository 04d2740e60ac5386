"""The pages people use all day, whole requests through the middleware (DEBUG off), on the seeded town.

    python bench/bench_pages.py --size 1000000 [--runs 40]

Uses the database bench/seed_million.py left (zhuanqiao_bench_dashboard_<size>); migrate it first
(`DATABASE_URL=... TESTING=1 manage.py migrate`, then VACUUM ANALYZE). Each round asks every page once,
in turn, so that the load of other work on the machine spreads over all of them alike; the figures are
the median and the 95th percentile of the rounds, and the queries one request makes.
"""

import argparse
import html
import os
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import unquote

HERE = Path(__file__).resolve().parent


def _setup(size: int) -> None:
    base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zhuanqiao_bench").rsplit("/", 1)[0]
    os.environ["DATABASE_URL"] = f"{base}/zhuanqiao_bench_dashboard_{size}"
    os.environ.setdefault("TESTING", "1")  # no production keys needed; DEBUG stays off
    os.environ.setdefault("CONN_MAX_AGE", "600")  # as in production
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhuanqiao.settings")
    sys.path.insert(0, str(HERE.parent))
    import django

    django.setup()


def _pages() -> list[tuple[str, str, str, dict]]:
    """(label, username, path, parameters)."""
    from cases.models import Case
    from grids.models import Community

    community = str(Community.objects.order_by("pk").values_list("pk", flat=True)[2])
    case = Case.objects.filter(lead_department__staff__user__username="officer", status="in_progress").first()
    return [
        ("queue, officer", "officer", "/cases/", {}),
        ("queue, department head", "head", "/cases/", {}),
        ("queue, petition office", "petition", "/cases/", {}),
        ("queue, grid worker", "grid", "/cases/", {}),
        ("queue, office, overdue", "petition", "/cases/", {"due": "overdue"}),
        ("queue, office, community+phone", "petition", "/cases/", {"community": community, "channel": "phone"}),
        ("queue, office, unsatisfied", "petition", "/cases/", {"flag": "unsatisfied"}),
        ("queue, office, closed, newest", "petition", "/cases/", {"status": "closed", "sort": "newest"}),
        ("queue, office, all, oldest", "petition", "/cases/", {"status": "all", "sort": "oldest"}),
        ("queue, head, all statuses", "head", "/cases/", {"status": "all"}),
        ("queue counts, officer (uncached)", "officer", "/cases/counts/", {}),
        ("queue counts, office (uncached)", "petition", "/cases/counts/", {}),
        ("search 鸽棚, officer", "officer", "/cases/", {"q": "鸽棚"}),
        ("search 违建, officer", "officer", "/cases/", {"q": "违建"}),
        ("search 邮局, office", "petition", "/cases/", {"q": "邮局"}),
        ("search 违建, office", "petition", "/cases/", {"q": "违建"}),
        ("case page, officer", "officer", f"/cases/{case.pk}/", {}),
    ]


def _deep_cursor(client, params: dict, pages: int) -> str:
    """Follow the Next link `pages` times: the cursor of a page deep in the list."""
    cursor = None
    for _ in range(pages):
        response = client.get("/cases/", {**params, **({"after": cursor} if cursor else {})})
        found = re.search(r'href="\?[^"]*?after=([^"&]+)[^"]*" data-testid="page-next"', response.content.decode())
        if found is None:
            break
        cursor = unquote(html.unescape(found.group(1)))
    return cursor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--deep", type=int, default=200, help="how many Next links to follow for the deep page")
    parser.add_argument("--only", default="", help="only the pages whose label contains this")
    parser.add_argument("--skip", nargs="*", default=[], help="leave out the pages whose label contains any of these")
    args = parser.parse_args()
    _setup(args.size)
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from cases.models import Case

    users = get_user_model().objects
    clients = {}
    pages = [p for p in _pages() if args.only in p[0] and not any(word in p[0] for word in args.skip)]
    for _label, username, _path, _params in pages:
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(users.get(username=username))
    if not args.only or "deep" in args.only:
        started = time.perf_counter()
        for username, params in (("officer", {}), ("petition", {"status": "all", "sort": "newest"})):
            if username not in clients:
                clients[username] = Client()
                clients[username].force_login(users.get(username=username))
            cursor = _deep_cursor(clients[username], params, args.deep)
            if cursor:
                label = f"queue deep page ({args.deep}), {username}{', all, newest' if params else ''}"
                pages.append((label, username, "/cases/", {**params, "after": cursor}))
        print(f"(deep cursors found in {time.perf_counter() - started:.0f} s)", flush=True)
    times: dict[str, list[float]] = {label: [] for label, *_ in pages}
    # CPU spent on a request, by this process and by its PostgreSQL backend (from /proc): unlike the wall
    # time it hardly grows when other work shares the two cores, so it compares runs on a busy machine.
    cpu: dict[str, float] = dict.fromkeys(times, 0.0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    queries = {}
    load = f"{os.getloadavg()[0]:.1f}"
    with override_settings(DEBUG=False):
        for label, username, path, params in pages:  # warm, and count the queries once
            with CaptureQueriesContext(connection) as ctx:
                response = clients[username].get(path, params)
            assert response.status_code == 200, (label, response.status_code)
            queries[label] = len(ctx.captured_queries)
        for _ in range(args.runs):
            for label, username, path, params in pages:
                if "uncached" in label:
                    cache.clear()
                started, cpu_started, db_started = time.perf_counter(), time.process_time(), _ticks(backend)
                response = clients[username].get(path, params)
                times[label].append((time.perf_counter() - started) * 1000)
                cpu[label] += (time.process_time() - cpu_started) * 1000 + (_ticks(backend) - db_started) * _TICK_MS
                assert response.status_code == 200, (label, response.status_code)
    print(f"== {Case.objects.count():,} cases, {args.runs} rounds, PostgreSQL {connection.pg_version // 10000}")
    print(f"load average before/after: {load} / {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"{'page':48} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'cpu ms':>7} {'queries':>8}")
    for label, values in times.items():
        p95 = statistics.quantiles(values, n=20)[18] if len(values) >= 2 else values[0]
        mean_cpu = cpu[label] / len(values)
        print(
            f"{label:48} {statistics.median(values):10.1f} {p95:8.1f} {max(values):8.1f} {mean_cpu:7.1f}"
            f" {queries[label]:8}"
        )


_TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def _ticks(pid: int) -> int:
    """user + system CPU ticks of a process (the database backend serving this benchmark)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


if __name__ == "__main__":
    main()
