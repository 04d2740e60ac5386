"""Intake under load: the resident web form, the counter form and a bare one-row view, through gunicorn.

    python bench/bench_intake.py [--workers 4] [--clients 8] [--seconds 15] [--rounds 5]

Starts gunicorn on loopback (sync workers, as deployed) against a PostgreSQL database of its own
(`zhuanqiao_bench_intake`, or BENCH_DATABASE_URL), with the product's settings (DEBUG off,
CONN_MAX_AGE 600, the Redis cache when REDIS_URL is set) and the product's URLs plus one bench-only view
(bench/intake_site). Then, one after the other with the same server, a number of client threads
send for a fixed time:

- web form:  POST /s/<code>/ as a resident's phone does, with the form's CSRF token and a fresh
             submission key each time (one case, its petitioner, its event, the done-page session entry);
- counter:   POST /intake/new/ as a logged-in reception clerk, a fresh submission key each time;
- floor:     POST /bench/floor/, a Django view that inserts one row in one transaction: what any write
             request costs here before the product's own work.

The scenarios take turns in short rounds, so that other work on the machine weighs on each alike.
Prints requests per second (and as a share of the floor's), p50/p95/p99 in milliseconds and the requests
that failed (anything but the expected redirect or 200). The web form's hourly limit per address is lifted for the run
(WEB_INTAKE_RATE), since every request comes from 127.0.0.1.
"""

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

from _setup import DEFAULT_URL, setup

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """One client's cookies over fresh connections (gunicorn's sync workers close each one)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def token(self, path: str) -> str:
        status, page = self.request("GET", path)
        found = TOKEN.search(page)
        if status != 200 or not found:
            raise RuntimeError(f"GET {path}: {status}, no form token")
        return found.group(1)


def _web_form(browser: Browser, code: str):
    path = f"/s/{code}/"
    token = browser.token(path)

    def send() -> int:
        status, _ = browser.request(
            "POST",
            path,
            {
                "csrfmiddlewaretoken": token,
                "what_happened": "小区路灯坏了一个月",
                "request": "请尽快修好路灯",
                "community": "",
                "address": "银都路100弄",
                "phone": "13912345678",
                "name": "李四",
                "consent": "on",
                "website": "",
                "submission_key": uuid.uuid4().hex,
            },
        )
        return status

    return send


def _counter(browser: Browser, username: str, password: str, platform: int):
    token = browser.token("/accounts/login/")
    status, _ = browser.request(
        "POST", "/accounts/login/", {"csrfmiddlewaretoken": token, "username": username, "password": password}
    )
    if status != 302:
        raise RuntimeError(f"login as {username}: {status}")
    token = browser.token("/intake/new/")
    people = {f"p-{i}-{field}": "" for i in range(5) for field in ("name", "phone", "id_number")}
    people.update({"p-0-name": "张三", "p-0-phone": "13912345678"})

    def send() -> int:
        status, _ = browser.request(
            "POST",
            "/intake/new/",
            {
                "csrfmiddlewaretoken": token,
                "channel": "visit",
                "platform": str(platform),
                "received_at": "",
                "what_happened": "楼上邻居装修噪音很大",
                "request": "请求协调装修时间",
                "category": "relief",
                "subject": "",
                "community": "",
                "address": "",
                "headcount": "1",
                "accused_department": "",
                "accused_name": "",
                "submission_key": uuid.uuid4().hex,
                "p-TOTAL_FORMS": "5",
                "p-INITIAL_FORMS": "0",
                "p-MIN_NUM_FORMS": "0",
                "p-MAX_NUM_FORMS": "5",
                **people,
            },
        )
        return status

    return send


def _floor(browser: Browser):
    def send() -> int:
        status, _ = browser.request("POST", "/bench/floor/", {"key": uuid.uuid4().hex})
        return status

    return send


def _drive(senders: list, expected: int, seconds: float) -> tuple[list[float], Counter]:
    times: list[list[float]] = [[] for _ in senders]
    errors: list[Counter] = [Counter() for _ in senders]
    barrier = threading.Barrier(len(senders))

    def run(index: int) -> None:
        barrier.wait()
        stop = time.monotonic() + seconds
        while time.monotonic() < stop:
            began = time.perf_counter()
            try:
                status = senders[index]()
            except OSError as error:
                status = type(error).__name__
            times[index].append(time.perf_counter() - began)
            if status != expected:
                errors[index][status] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(senders))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(t for ts in times for t in ts), sum(errors, Counter())


def _percentile(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(len(values) * p))] * 1000


def _wait_for(port: int, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=15.0, help="per scenario, over all rounds")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--port", type=int, default=0, help="0: a free one")
    args = parser.parse_args()
    os.environ.setdefault("BENCH_DATABASE_URL", DEFAULT_URL.rsplit("/", 1)[0] + "/zhuanqiao_bench_intake")
    setup()

    from django.db import connection

    from demo import town
    from grids.models import Platform

    sys.path.insert(0, str(HERE))
    from intake_site.urls import FLOOR_TABLE

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {FLOOR_TABLE} (id bigserial PRIMARY KEY, key text NOT NULL)")
    platform, code = Platform.objects.order_by("pk").values_list("pk", "code").first()
    connection.close()

    env = {
        **os.environ,
        "DATABASE_URL": os.environ["BENCH_DATABASE_URL"],
        "DJANGO_SETTINGS_MODULE": "intake_site.settings",
        "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)]),
        "CONN_MAX_AGE": "600",  # as in production
        "WEB_INTAKE_RATE": "1000000/h",  # every request comes from one address here
        "LOGIN_ADDRESS_RATE": "1000/m",
        "PYTHONWARNINGS": "ignore:No directory at",  # no collectstatic for a bench
    }
    if not args.port:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            args.port = probe.getsockname()[1]
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "--workers", str(args.workers), "--bind", f"127.0.0.1:{args.port}"]
    server = subprocess.Popen([*command, "zhuanqiao.wsgi:application"], env=env, cwd=ROOT)  # noqa: S603
    try:
        _wait_for(args.port, server)
        # Each worker loads the URLs and templates on its first requests: not part of the figures.
        warm = Browser(args.port)
        for _ in range(8 * args.workers):
            warm.request("GET", f"/s/{code}/")
        print(f"gunicorn, {args.workers} sync workers; {args.clients} clients, {args.seconds:g} s each")
        print(f"{args.rounds} interleaved rounds")
        print(
            f"{'':10} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'requests':>9} "
            f"{'×floor':>6}"
        )
        scenarios = {
            "floor": (_floor, 200),
            "web form": (lambda b: _web_form(b, code), 302),
            "counter": (lambda b: _counter(b, "reception", town.DEMO_PASSWORD, platform), 302),
        }
        senders = {
            name: [make(Browser(args.port)) for _ in range(args.clients)] for name, (make, _) in scenarios.items()
        }
        # Interleaved rounds: whatever else the machine does meanwhile falls on every scenario alike.
        times: dict[str, list[float]] = {name: [] for name in scenarios}
        errors: dict[str, Counter] = {name: Counter() for name in scenarios}
        for _round in range(args.rounds):
            for name, (_make, expected) in scenarios.items():
                got, failed = _drive(senders[name], expected, args.seconds / args.rounds)
                times[name] += got
                errors[name] += failed
        floor_rate = len(times["floor"]) / args.seconds
        for name in scenarios:
            done = sorted(times[name])
            rate = len(done) / args.seconds
            print(
                f"{name:10} {rate:7.1f} {statistics.median(done) * 1000:8.1f} "
                f"{_percentile(done, 0.95):8.1f} {_percentile(done, 0.99):8.1f} {sum(errors[name].values()):7d} "
                f"{len(done):9d} {rate / floor_rate:6.2f} {dict(errors[name]) or ''}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
