"""The case list through the API: its first page and a page deep in the list by cursor, on the seeded town.

    python bench/bench_api.py --size 1000000 [--runs 40] [--deep 200]

Uses the database bench/seed_million.py left (zhuanqiao_bench_dashboard_<size>, or BENCH_DATABASE_URL);
migrate it first (`DATABASE_URL=... TESTING=1 manage.py migrate`, then VACUUM ANALYZE). Whole requests through
every middleware with DEBUG off, authenticated as a system would be: an API token of the login (Bearer).
Each round asks every request once, in turn; the figures are the median and the 95th percentile of the
rounds, and the queries one request makes (the same for the first page and the deep one: keyset cursors).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _setup(size: int) -> None:
    base = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zhuanqiao_bench").rsplit("/", 1)[0]
    os.environ["DATABASE_URL"] = f"{base}/zhuanqiao_bench_dashboard_{size}"
    if os.environ.get("BENCH_DATABASE_URL", "").rsplit("/", 1)[-1].endswith(f"_{size}"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    os.environ.setdefault("TESTING", "1")  # no production keys needed; DEBUG stays off
    os.environ.setdefault("CONN_MAX_AGE", "600")  # as in production
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhuanqiao.settings")
    sys.path.insert(0, str(HERE.parent))
    import django

    django.setup()


def _deep_cursor(client, headers: dict, params: dict, pages: int) -> tuple[str | None, int]:
    """Follow `next` up to `pages` times: the link of a page deep in the list, and how deep it is."""
    url, depth = None, 0
    response = client.get("/api/v1/cases/", params, **headers).json()
    while response.get("next") and depth < pages:
        url, depth = response["next"], depth + 1
        response = client.get(url, **headers).json()
    return url, depth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--deep", type=int, default=200, help="how many `next` links to follow for the deep page")
    args = parser.parse_args()
    _setup(args.size)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from apitokens.models import ApiToken
    from apitokens.services import token_issue
    from cases.models import Case

    users = get_user_model().objects
    client = Client()
    headers = {}
    for username in ("officer", "petition"):
        ApiToken.objects.filter(name="bench_api", user__username=username).delete()
        _token, key = token_issue(user=users.get(username=username), name="bench_api")
        headers[username] = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    requests = [
        ("cases, first page, officer", "officer", "/api/v1/cases/", {}),
        ("cases, first page, petition office", "petition", "/api/v1/cases/", {}),
        ("cases, first page, office, all, newest", "petition", "/api/v1/cases/", {"status": "all", "sort": "newest"}),
    ]
    started = time.perf_counter()
    for username, params in (("officer", {}), ("petition", {"status": "all", "sort": "newest"})):
        url, depth = _deep_cursor(client, headers[username], params, args.deep)
        if url:
            label = f"cases, page {depth + 1} by cursor, {username}{', all, newest' if params else ''}"
            requests.append((label, username, url, {}))
    print(f"(deep cursors found in {time.perf_counter() - started:.0f} s)", flush=True)
    times: dict[str, list[float]] = {label: [] for label, *_ in requests}
    queries = {}
    load = f"{os.getloadavg()[0]:.1f}"
    with override_settings(DEBUG=False):
        settings_rates = {"token": "1000000/min", "user": "1000000/min"}
        from django.conf import settings

        with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": settings_rates}):
            for label, username, path, params in requests:  # warm, and count the queries once
                with CaptureQueriesContext(connection) as ctx:
                    response = client.get(path, params, **headers[username])
                assert response.status_code == 200, (label, response.status_code)
                queries[label] = len(ctx.captured_queries)
            for _ in range(args.runs):
                for label, username, path, params in requests:
                    started = time.perf_counter()
                    response = client.get(path, params, **headers[username])
                    times[label].append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, (label, response.status_code)
    ApiToken.objects.filter(name="bench_api").delete()
    print(f"== {Case.objects.count():,} cases, {args.runs} rounds, PostgreSQL {connection.pg_version // 10000}")
    print(f"load average before/after: {load} / {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"{'request':48} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'queries':>8}")
    for label, values in times.items():
        p95 = statistics.quantiles(values, n=20)[18] if len(values) >= 2 else values[0]
        print(f"{label:48} {statistics.median(values):10.1f} {p95:8.1f} {max(values):8.1f} {queries[label]:8}")


if __name__ == "__main__":
    main()
