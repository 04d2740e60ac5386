"""`python manage.py restore <folder> --yes`: put a backup back into the configured database and MEDIA_ROOT."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from grids.backup import BackupError, restore, stamp


class Command(BaseCommand):
    help = (
        "Restore a folder written by `backup` into the configured database (replacing its tables) "
        "and MEDIA_ROOT, then check every table's row count against the manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder written by `manage.py backup`")
        parser.add_argument("--yes", action="store_true", help="confirm: the configured database is overwritten")

    def handle(self, *args, **options):
        name = settings.DATABASES["default"]["NAME"]
        if not options["yes"]:
            raise CommandError(
                f"Restoring replaces every table in the database {name} and adds the files to "
                f"{settings.MEDIA_ROOT}. Run again with --yes to go ahead."
            )
        try:
            manifest, differ = restore(options["folder"])
        except (BackupError, OSError) as exc:
            raise CommandError(f"Restore refused or failed: {exc}") from exc
        self.stdout.write(f"Restored the backup of {stamp(manifest)} into {name} and {settings.MEDIA_ROOT}.")
        if differ:
            lines = "\n".join(f"  {t}: {want} in the backup, {got} now" for t, (want, got) in sorted(differ.items()))
            raise CommandError(f"The restored row counts do not match the manifest:\n{lines}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Checked: {len(manifest['tables'])} tables match the manifest "
                f"({manifest['cases']} cases, {manifest['attachments']} attachments)."
            )
        )
