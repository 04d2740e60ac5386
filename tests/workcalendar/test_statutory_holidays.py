"""The fixed statutory holidays, checked against the `holidays` package's astronomical and lunar tables and
against every notice chinesecalendar knows."""

from datetime import date

import chinese_calendar
import pytest
from holidays.calendars.chinese import _ChineseLunisolar
from lunardate import LunarDate

from core.statutory_holidays import qingming, statutory_holidays


def test_qingming_is_the_solar_term_for_every_year_of_the_century():
    table = _ChineseLunisolar()
    assert [qingming(y) for y in range(2000, 2100)] == [table.qingming_date(y)[0] for y in range(2000, 2100)]


def test_the_lunar_holidays_agree_with_the_holidays_package():
    table = _ChineseLunisolar()
    for year in range(2000, 2100):
        assert LunarDate(year, 1, 1).to_solar_date() == table.lunar_new_year_date(year)[0]
        assert LunarDate(year, 5, 5).to_solar_date() == table.dragon_boat_date(year)[0]
        assert LunarDate(year, 8, 15).to_solar_date() == table.mid_autumn_date(year)[0]


@pytest.mark.parametrize("year", range(2004, 2027))
def test_every_statutory_holiday_was_a_rest_day_in_every_notice_chinesecalendar_knows(year):
    for day, name in statutory_holidays(year).items():
        assert not chinese_calendar.is_workday(day), (day, name)


def test_the_2027_holidays_without_a_notice():
    assert sorted(statutory_holidays(2027)) == [
        date(2027, 1, 1),
        date(2027, 2, 5),  # lunar new year's eve
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 2, 8),  # 3rd day of the first month
        date(2027, 4, 5),  # 清明
        date(2027, 5, 1),
        date(2027, 5, 2),
        date(2027, 6, 9),  # 端午
        date(2027, 9, 15),  # 中秋
        date(2027, 10, 1),
        date(2027, 10, 2),
        date(2027, 10, 3),
    ]


def test_each_revision_counts_its_own_days():
    assert date(2024, 2, 9) not in statutory_holidays(2024), "除夕 2024 was a working day (2013 revision)"
    assert date(2024, 5, 2) not in statutory_holidays(2024)
    assert date(2025, 1, 28) in statutory_holidays(2025), "除夕 is a holiday from 2025"
    assert date(2025, 5, 2) in statutory_holidays(2025)
    assert date(2010, 2, 13) in statutory_holidays(2010), "除夕 2008-2013 (2007 revision)"
    assert date(2006, 5, 3) in statutory_holidays(2006) and qingming(2006) not in statutory_holidays(2006)
    assert len(statutory_holidays(2028)) == 12, "中秋 2028 falls on 3 October, one of the National Day days"
