"""Load the years the chinesecalendar package knows (2004-2026 in 1.11.0) into the town's calendar.

The years it creates are marked as loaded from the package; a year the town already entered is left alone.
With the historical models no change record is written: the record starts with the town's own changes.
"""

from django.db import migrations


def seed(apps, schema_editor):
    from workcalendar.seeding import seed_from_package

    seed_from_package(apps.get_model("workcalendar", "HolidayNotice"), apps.get_model("workcalendar", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_calendar")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
