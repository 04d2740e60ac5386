"""Due dates around every holiday and make-up working day of 2026 and into 2027, worked out by hand.

Sources of the expected dates:
- N2026: 国务院办公厅关于2026年部分节假日安排的通知 (4 November 2025), as chinesecalendar 1.11.0 encodes it:
  元旦 1-3 Jan rest, Sun 4 Jan works; 春节 15-23 Feb rest, Sat 14 Feb and Sat 28 Feb work; 清明 4-6 Apr rest;
  劳动节 1-5 May rest, Sat 9 May works; 端午 19-21 Jun rest; 中秋 25-27 Sep rest; 国庆 1-7 Oct rest,
  Sun 20 Sep and Sat 10 Oct work. 2025 from its own notice (chinesecalendar): 31 Dec 2025 is a working day.
- F2027: no 2027 notice entered, so the fixed statutory holidays of 全国年节及纪念日放假办法 (2024 revision) plus
  weekends: 元旦 Fri 1 Jan; 春节 Fri 5 Feb (lunar new year's eve) to Mon 8 Feb (3rd day); 清明 Mon 5 Apr;
  劳动节 Sat 1 - Sun 2 May; 端午 Wed 9 Jun; 中秋 Wed 15 Sep; 国庆 Fri 1 - Sun 3 Oct.
- E2027: an example 2027 notice this test enters (not the real one): 元旦 1-3 Jan, 春节 5-11 Feb, 清明 3-5 Apr,
  中秋 15 Sep, 国庆 1-7 Oct rest; Sun 31 Jan, Sat 20 Feb, Sun 26 Sep and Sat 9 Oct work.
Counting: the day of the event is not counted (Civil Code art. 201); a last day that is a rest day moves to the
next working day (art. 203); the objection counts working days; an extension makes the limit 60 + N days from
acceptance, shifted once at its end (条例 art. 34).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cases import clock
from workcalendar.models import CalendarDay, HolidayNotice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("work_calendar")]

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=SHANGHAI) + timedelta(hours=10)


def due(step: str, start: str, extension: int = 0) -> date:
    moment = at(start)
    if step == "transfer":  # 15 days, 条例 art. 22
        return clock.transfer_due(moment)
    if step == "objection":  # 5 working days, 条例 art. 23 para. 3
        return clock.objection_due(moment)
    if step == "reply":  # 60 days (+ N), 条例 art. 34
        return clock.reply_due(moment, extension)
    if step == "review":  # 30 days, 条例 art. 35
        return clock.review_decision_due(moment, 1)
    raise AssertionError(step)


# (step, the day the limit starts, extension days, expected last day, why)
WITH_2026_NOTICE_AND_2027_FIXED = [
    # --- 元旦 2026 (N2026) ---
    ("transfer", "2025-12-16", 0, "2025-12-31", "+15 = Wed 31 Dec 2025, a working day"),
    ("transfer", "2025-12-17", 0, "2026-01-04", "+15 = Thu 1 Jan, rest 1-3 Jan; Sun 4 Jan is a make-up working day"),
    ("transfer", "2025-12-20", 0, "2026-01-04", "+15 = Sun 4 Jan, a make-up working day: it stands"),
    ("objection", "2025-12-30", 0, "2026-01-07", "Dec 31 (1), 1-3 Jan rest, Sun 4 Jan (2), 5 (3), 6 (4), 7 (5)"),
    # --- 春节 2026 (N2026) ---
    ("transfer", "2026-01-20", 0, "2026-02-04", "+15 = Wed 4 Feb, an ordinary working day"),
    ("transfer", "2026-01-30", 0, "2026-02-14", "+15 = Sat 14 Feb, a make-up working day"),
    ("transfer", "2026-01-31", 0, "2026-02-24", "+15 = Sun 15 Feb, rest to Mon 23 Feb: Tue 24 Feb"),
    ("transfer", "2026-02-05", 0, "2026-02-24", "+15 = Fri 20 Feb, inside the Spring Festival rest: Tue 24 Feb"),
    ("transfer", "2026-02-13", 0, "2026-02-28", "+15 = Sat 28 Feb, a make-up working day"),
    ("transfer", "2026-02-14", 0, "2026-03-02", "+15 = Sun 1 Mar: Mon 2 Mar"),
    ("objection", "2026-02-12", 0, "2026-02-26", "Fri 13 (1), Sat 14 make-up (2), rest 15-23, 24 (3), 25 (4), 26 (5)"),
    ("reply", "2026-01-20", 0, "2026-03-23", "+60 = Sat 21 Mar: Mon 23 Mar"),
    ("reply", "2026-01-20", 30, "2026-04-20", "+90 = Mon 20 Apr (not +30 from the shifted 23 Mar, Wed 22 Apr)"),
    # --- 清明 2026 (N2026) ---
    ("transfer", "2026-03-20", 0, "2026-04-07", "+15 = Sat 4 Apr, rest 4-6 Apr: Tue 7 Apr"),
    ("transfer", "2026-03-22", 0, "2026-04-07", "+15 = Mon 6 Apr, rest: Tue 7 Apr"),
    ("transfer", "2026-03-23", 0, "2026-04-07", "+15 = Tue 7 Apr, a working day"),
    ("reply", "2026-02-01", 0, "2026-04-02", "+60 = Thu 2 Apr, a working day"),
    ("reply", "2026-02-04", 0, "2026-04-07", "+60 = Sun 5 Apr, rest to 6 Apr: Tue 7 Apr"),
    # --- 劳动节 2026 (N2026) ---
    ("transfer", "2026-04-16", 0, "2026-05-06", "+15 = Fri 1 May, rest 1-5 May: Wed 6 May"),
    ("transfer", "2026-04-24", 0, "2026-05-09", "+15 = Sat 9 May, a make-up working day"),
    ("transfer", "2026-04-25", 0, "2026-05-11", "+15 = Sun 10 May: Mon 11 May"),
    ("objection", "2026-04-30", 0, "2026-05-11", "rest 1-5 May, 6 (1), 7 (2), 8 (3), Sat 9 make-up (4), Mon 11 (5)"),
    # --- 端午 2026 (N2026) ---
    ("transfer", "2026-06-04", 0, "2026-06-22", "+15 = Fri 19 Jun, rest 19-21 Jun: Mon 22 Jun"),
    # --- 中秋 and 国庆 2026 (N2026) ---
    ("transfer", "2026-09-05", 0, "2026-09-20", "+15 = Sun 20 Sep, a make-up working day"),
    ("objection", "2026-09-17", 0, "2026-09-23", "Fri 18 (1), Sat 19 rest, Sun 20 make-up (2), 21 (3), 22 (4), 23 (5)"),
    ("transfer", "2026-09-10", 0, "2026-09-28", "+15 = Fri 25 Sep, rest 25-27 Sep: Mon 28 Sep"),
    ("transfer", "2026-09-16", 0, "2026-10-08", "+15 = Thu 1 Oct, rest 1-7 Oct: Thu 8 Oct"),
    ("transfer", "2026-09-25", 0, "2026-10-10", "+15 = Sat 10 Oct, a make-up working day"),
    ("transfer", "2026-09-26", 0, "2026-10-12", "+15 = Sun 11 Oct: Mon 12 Oct"),
    ("objection", "2026-09-29", 0, "2026-10-12", "Sep 30 (1), rest 1-7, 8 (2), 9 (3), Sat 10 make-up (4), Mon 12 (5)"),
    ("reply", "2026-08-02", 0, "2026-10-08", "+60 = Thu 1 Oct, rest 1-7 Oct: Thu 8 Oct"),
    ("reply", "2026-08-02", 7, "2026-10-08", "+67 = Thu 8 Oct (not 8 Oct + 7 = 15 Oct)"),
    ("reply", "2026-08-02", 30, "2026-11-02", "+90 = Sat 31 Oct: Mon 2 Nov (not 8 Oct + 30 = Sat 7 Nov -> 9 Nov)"),
    # --- into 2027 without its notice (F2027) ---
    ("reply", "2026-11-01", 0, "2026-12-31", "+60 = Thu 31 Dec 2026, a working day"),
    ("reply", "2026-11-02", 0, "2027-01-04", "+60 = Fri 1 Jan 2027 元旦, then the weekend: Mon 4 Jan"),
    ("review", "2026-12-02", 0, "2027-01-04", "+30 = Fri 1 Jan 2027 元旦: Mon 4 Jan"),
    ("review", "2026-12-04", 0, "2027-01-04", "+30 = Sun 3 Jan 2027: Mon 4 Jan"),
    ("reply", "2026-12-07", 0, "2027-02-09", "+60 = Fri 5 Feb 2027, lunar new year's eve, rest to Mon 8: Tue 9 Feb"),
    ("reply", "2026-12-10", 0, "2027-02-09", "+60 = Mon 8 Feb 2027, the 3rd day of the first month: Tue 9 Feb"),
    ("reply", "2026-12-11", 0, "2027-02-09", "+60 = Tue 9 Feb 2027, a working day"),
    ("reply", "2026-12-07", 3, "2027-02-09", "+63 = Mon 8 Feb 2027 (初三): Tue 9 Feb"),
    ("reply", "2026-12-07", 30, "2027-03-08", "+90 = Sun 7 Mar 2027: Mon 8 Mar"),
    ("review", "2027-01-06", 0, "2027-02-09", "+30 = Fri 5 Feb 2027 (除夕): Tue 9 Feb"),
    ("objection", "2027-02-03", 0, "2027-02-12", "Thu 4 (1), rest 5-8 Feb, Tue 9 (2), 10 (3), 11 (4), 12 (5)"),
    ("review", "2027-03-06", 0, "2027-04-06", "+30 = Mon 5 Apr 2027 清明: Tue 6 Apr"),
    ("review", "2027-04-01", 0, "2027-05-03", "+30 = Sat 1 May 2027 劳动节, Sun 2 May too: Mon 3 May"),
    ("review", "2027-05-10", 0, "2027-06-10", "+30 = Wed 9 Jun 2027 端午: Thu 10 Jun"),
    ("review", "2027-08-16", 0, "2027-09-16", "+30 = Wed 15 Sep 2027 中秋: Thu 16 Sep"),
    ("review", "2027-09-01", 0, "2027-10-04", "+30 = Fri 1 Oct 2027 国庆, 2-3 Oct the weekend: Mon 4 Oct"),
    ("transfer", "2027-09-24", 0, "2027-10-11", "+15 = Sat 9 Oct 2027, no make-up day known: Mon 11 Oct"),
]


@pytest.mark.parametrize(("step", "start", "extension", "expected", "why"), WITH_2026_NOTICE_AND_2027_FIXED)
def test_due_dates_with_the_2026_notice_and_no_2027_notice(step, start, extension, expected, why):
    assert due(step, start, extension) == date.fromisoformat(expected), why


EXAMPLE_2027_NOTICE = {
    "rest": [("2027-01-01", 3, "元旦"), ("2027-02-05", 7, "春节"), ("2027-04-03", 3, "清明节"),
             ("2027-09-15", 1, "中秋节"), ("2027-10-01", 7, "国庆节")],
    "work": [("2027-01-31", "春节"), ("2027-02-20", "春节"), ("2027-09-26", "国庆节"), ("2027-10-09", "国庆节")],
}  # fmt: skip


def enter_example_2027_notice() -> None:
    notice = HolidayNotice.objects.create(year=2027, title="国务院办公厅关于2027年部分节假日安排的通知（示例）")
    for first, days, name in EXAMPLE_2027_NOTICE["rest"]:
        for offset in range(days):
            day = date.fromisoformat(first) + timedelta(days=offset)
            CalendarDay.objects.create(notice=notice, day=day, kind=CalendarDay.Kind.REST, name=name)
    for day, name in EXAMPLE_2027_NOTICE["work"]:
        CalendarDay.objects.create(notice=notice, day=date.fromisoformat(day), kind=CalendarDay.Kind.WORK, name=name)


WITH_THE_2027_NOTICE_ENTERED = [
    ("reply", "2026-12-07", 0, "2027-02-12", "+60 = Fri 5 Feb, rest 5-11 Feb (E2027): Fri 12 Feb"),
    ("reply", "2026-12-10", 0, "2027-02-12", "+60 = Mon 8 Feb, rest to 11 Feb: Fri 12 Feb"),
    ("reply", "2026-12-07", 3, "2027-02-12", "+63 = Mon 8 Feb: Fri 12 Feb"),
    ("review", "2026-12-02", 0, "2027-01-04", "+30 = Fri 1 Jan, rest 1-3 Jan: Mon 4 Jan"),
    ("transfer", "2027-01-16", 0, "2027-01-31", "+15 = Sun 31 Jan, a make-up working day (E2027)"),
    ("objection", "2027-02-03", 0, "2027-02-17", "Thu 4 (1), rest 5-11, Fri 12 (2), weekend, 15 (3), 16 (4), 17 (5)"),
    ("objection", "2027-02-18", 0, "2027-02-24", "Fri 19 (1), Sat 20 make-up (2), Sun 21 rest, 22 (3), 23 (4), 24 (5)"),
    ("review", "2027-03-05", 0, "2027-04-06", "+30 = Sun 4 Apr, rest 3-5 Apr: Tue 6 Apr"),
    ("review", "2027-04-01", 0, "2027-05-03", "+30 = Sat 1 May 劳动节, not listed but statutory: Mon 3 May"),
    ("review", "2027-09-01", 0, "2027-10-08", "+30 = Fri 1 Oct, rest 1-7 Oct: Fri 8 Oct (no notice: Mon 4)"),
    ("transfer", "2027-09-24", 0, "2027-10-09", "+15 = Sat 9 Oct, a make-up working day (no notice: Mon 11)"),
]


@pytest.mark.parametrize(("step", "start", "extension", "expected", "why"), WITH_THE_2027_NOTICE_ENTERED)
def test_due_dates_once_the_2027_notice_is_entered(step, start, extension, expected, why):
    enter_example_2027_notice()
    assert due(step, start, extension) == date.fromisoformat(expected), why


def test_the_2026_dates_do_not_move_when_the_2027_notice_is_entered():
    before = [due(step, start, ext) for step, start, ext, _, _ in WITH_2026_NOTICE_AND_2027_FIXED if start < "2026-11"]
    enter_example_2027_notice()
    after = [due(step, start, ext) for step, start, ext, _, _ in WITH_2026_NOTICE_AND_2027_FIXED if start < "2026-11"]
    assert before == after
