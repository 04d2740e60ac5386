"""Load the years the installed chinesecalendar package knows and the town has not entered (e.g. after upgrading
the package once the State Council's notice is out). A year already in the calendar is never overwritten."""

from django.core.management.base import BaseCommand

from workcalendar.models import CalendarDay, HolidayNotice
from workcalendar.seeding import package_version, package_years, seed_from_package


class Command(BaseCommand):
    help = "Load the holiday notices of the chinesecalendar package for the years the calendar does not have yet."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="only this year (may be repeated)")

    def handle(self, *args, year=None, **options):
        created = seed_from_package(HolidayNotice, CalendarDay, year)
        known = package_years()
        self.stdout.write(
            f"chinesecalendar {package_version()} knows {known[0]}-{known[-1]}; "
            + (f"loaded {', '.join(map(str, created))}." if created else "nothing new to load.")
        )
