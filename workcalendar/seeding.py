"""Loads the years the chinesecalendar package knows into the town's calendar, never over what the town entered.

Used by the data migration (with the historical models) and by `manage.py seed_work_calendar`.
"""

import chinese_calendar
from chinese_calendar import constants

# chinesecalendar's English names of the holidays, as the notices name them.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def package_years() -> list[int]:
    """The years chinesecalendar has a notice for."""
    return sorted({day.year for day in constants.holidays} | {day.year for day in constants.workdays})


def seed_from_package(notice_model, day_model, years: list[int] | None = None) -> list[int]:
    """Create the notice and its days for each year that has no notice yet; return the years created."""
    known = set(notice_model.objects.values_list("year", flat=True))
    created = []
    for year in years or package_years():
        if year in known or year not in package_years():
            continue
        notice = notice_model.objects.create(
            year=year,
            title=f"国务院办公厅关于{year}年部分节假日安排的通知",
            source="package",
        )
        rows = [
            day_model(notice=notice, day=day, kind="rest", name=HOLIDAY_NAMES.get(name, name))
            for day, name in constants.holidays.items()
            if day.year == year
        ] + [
            day_model(notice=notice, day=day, kind="work", name=HOLIDAY_NAMES.get(name, name))
            for day, name in constants.workdays.items()
            if day.year == year
        ]
        # Each row one by one, so the change record (model signals) sees it when called from the command.
        for row in sorted(rows, key=lambda r: r.day):
            row.save()
        created.append(year)
    return created


def package_version() -> str:
    return getattr(chinese_calendar, "__version__", "")
