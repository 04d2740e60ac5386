"""The fixed statutory holidays of 全国年节及纪念日放假办法 (as revised in 2024, in force 1 January 2025).

They are rest days whatever the State Council's yearly notice says around them, and without a notice too:
元旦 1 January; 春节 four days, the lunar new year's eve to the 3rd day of the first lunar month; 清明 (the
solar term); 劳动节 1-2 May; 端午 (5th of the 5th lunar month); 中秋 (15th of the 8th lunar month); 国庆 1-3
October. The notice adds the bridging days and the make-up working days (调休), which no rule can guess: the
town enters them (workcalendar). Earlier years count under the revision then in force.
"""

from datetime import date, timedelta
from functools import lru_cache

from lunardate import LunarDate

# lunardate's tables and the solar-term formula below hold for these years; outside them only the
# holidays on fixed Gregorian dates are known.
LUNAR_YEARS = range(2000, 2100)


def qingming(year: int) -> date:
    """The day of the 清明 solar term, 4 or 5 April in this century.

    The usual formula for the 21st century, [Y*D + C] - L with Y the last two digits, D = 0.2422, C = 4.81 and
    L = [Y/4]; tests check it against the `holidays` package's astronomical table for 2000-2099.
    """
    y = year % 100
    return date(year, 4, int(y * 0.2422 + 4.81) - y // 4)


@lru_cache(maxsize=256)
def statutory_holidays(year: int) -> dict[date, str]:
    """Every fixed statutory rest day of `year` under the revision of the 办法 in force that year, with its name.

    2024 revision (from 2025): 春节 eve to 3rd day, 劳动节 1-2 May. 2013 revision (2014-2024): 春节 1st to 3rd
    day, 劳动节 1 May. 2007 revision (2008-2013): 春节 eve to 2nd day. 1999 revision (to 2007): 春节 1st to 3rd
    day, 劳动节 1-3 May, and no 清明, 端午 or 中秋.
    """
    days = {date(year, 1, 1): "元旦"}
    may = 3 if year < 2008 else 2 if year >= 2025 else 1
    days.update({date(year, 5, n): "劳动节" for n in range(1, may + 1)})
    days.update({date(year, 10, n): "国庆节" for n in (1, 2, 3)})
    if year in LUNAR_YEARS:
        new_year = LunarDate(year, 1, 1).to_solar_date()
        spring = range(-1, 3) if year >= 2025 else range(-1, 2) if 2008 <= year <= 2013 else range(0, 3)
        for offset in spring:
            days[new_year + timedelta(days=offset)] = "春节"
        if year >= 2008:
            days[qingming(year)] = "清明节"
            days[LunarDate(year, 5, 5).to_solar_date()] = "端午节"
            # 中秋 may fall on 1-3 October (2028): it is then one of the National Day days, not an extra one.
            days.setdefault(LunarDate(year, 8, 15).to_solar_date(), "中秋节")
    return days
