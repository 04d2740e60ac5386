"""How long the due-date recount takes after a calendar change, on generated open cases.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhuanqiao_bench_recount TESTING=1 \\
        python bench/bench_recount.py --cases 20000

Makes the database if needed (migrate), adds N cases signed for between 1 October and 31 December 2026 (their reply
dates fall in 2027, counted without its notice), then enters a 2027 notice that rests 5-11 February and times the
recount from 1 January 2027, and a second recount that finds nothing to move.
"""

import argparse
import os
import secrets
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhuanqiao.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from cases import clock
    from cases.models import Case, Status
    from cases.services.due_dates import due_dates_recount
    from tests.factories import PlatformFactory, all_tiers
    from workcalendar.models import CalendarDay, HolidayNotice
    from workcalendar.source import town_calendar

    CalendarDay.objects.filter(day__year=2027).delete()
    HolidayNotice.objects.filter(year=2027).delete()
    town_calendar.forget()
    tier = all_tiers()["building"]
    platform = PlatformFactory()
    run = secrets.token_hex(2)[:3].upper()
    zone = ZoneInfo("Asia/Shanghai")
    rows = []
    for i in range(args.cases):
        signed = datetime(2026, 10, 1, 10, tzinfo=zone) + timedelta(days=i % 92)
        due = clock.reply_due(signed)
        rows.append(
            Case(
                tracking_code=f"R{run}{i:08d}", channel="visit", platform=platform, tier=tier,
                status=Status.IN_PROGRESS,
                what_happened="楼道堆物", request="请求清理", received_at=signed, routed_at=signed, accepted_at=signed,
                tier_entered_at=signed, reply_due_on=due, due_on=due,
            )
        )  # fmt: skip
    Case.objects.bulk_create(rows, batch_size=2000)
    notice = HolidayNotice.objects.create(year=2027, title="bench")
    CalendarDay.objects.bulk_create(
        CalendarDay(notice=notice, day=date(2027, 2, 5) + timedelta(days=n), kind="rest", name="春节") for n in range(7)
    )
    start = time.perf_counter()
    first = due_dates_recount(first_day=date(2027, 1, 1))
    took = time.perf_counter() - start
    start = time.perf_counter()
    second = due_dates_recount(first_day=date(2027, 1, 1))
    again = time.perf_counter() - start
    print(f"{args.cases} cases: recount {took:.1f} s, {first.checked} checked, {len(first.moved)} moved; "
          f"second recount {again:.1f} s, {len(second.moved)} moved ({connection.vendor})")  # fmt: skip


if __name__ == "__main__":
    main()
