"""Count every stored due date again on the work calendar as it is now (the admin does this by itself on
each calendar change; run it after an upgrade, or with --since after changing the calendar from a shell)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from cases.services.due_dates import due_dates_recount


class Command(BaseCommand):
    help = "Recount the stored due dates of the cases on the work calendar and note each move on the timeline."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="only dates on or after this day (YYYY-MM-DD); default: every case")
        parser.add_argument("--dry-run", action="store_true", help="count, write nothing, list what would move")

    def handle(self, *args, since=None, dry_run=False, **options):
        try:
            first_day = date.fromisoformat(since) if since else None
        except ValueError as exc:
            raise CommandError(f"--since must be a date like 2027-01-01, not {since!r}.") from exc
        result = due_dates_recount(first_day=first_day, dry_run=dry_run)
        verb = "would move" if dry_run else "moved"
        self.stdout.write(
            f"{result.checked} cases checked, {len(result.moved)} {verb}"
            + (f", {result.reviews_moved} review dates moved" if not dry_run else "")
            + (f"; {len(result.conflicts)} changed meanwhile, run again" if result.conflicts else "")
            + "."
        )
        if dry_run and result.moved:
            self.stdout.write("cases: " + ", ".join(map(str, result.moved[:200])))
