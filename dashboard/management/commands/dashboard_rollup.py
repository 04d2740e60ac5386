"""`python manage.py dashboard_rollup`: recount the dashboard's dirty days (for cron), rebuild it, or check it."""

import time

from django.core.management.base import BaseCommand, CommandError

from dashboard import cube, triggers


class Command(BaseCommand):
    help = (
        "Recount every day whose cases changed since the dashboard last counted it. --rebuild recounts every "
        "day (after a time zone change, or restoring a backup); --check compares the rollup with a fresh count."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="recount every day and reinstall the triggers")
        parser.add_argument("--check", action="store_true", help="report any difference from a count of the cases")

    def handle(self, *args, rebuild=False, check=False, **options):
        if not triggers.supported():
            raise CommandError("The dashboard's rollup needs PostgreSQL or SQLite.")
        started = time.perf_counter()
        if rebuild:
            triggers.install_triggers()
            days = cube.rebuild()
        else:
            days = cube.refresh()
        self.stdout.write(f"{days} days recounted in {time.perf_counter() - started:.1f} s.")
        if check:
            problems = cube.differences()
            for problem in problems[:50]:
                self.stdout.write("  " + " ".join(str(p) for p in problem))
            if problems:
                raise CommandError(f"{len(problems)} differences between the rollup and the cases.")
            self.stdout.write("The rollup matches the cases.")
