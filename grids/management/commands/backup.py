"""`python manage.py backup <dir>`: one timestamped folder with the database dump, the uploads and a manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grids.backup import BackupError, backup, read_manifest


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump --format=custom, or SQLite's online backup) and MEDIA_ROOT "
        "into a new timestamped folder under DIR, with manifest.json to check a restore against."
    )

    def add_arguments(self, parser):
        parser.add_argument("dir", type=Path, help="the folder to write the backup folder into")

    def handle(self, *args, **options):
        try:
            folder = backup(options["dir"])
            manifest = read_manifest(folder)
        except (BackupError, OSError) as exc:
            raise CommandError(f"Backup failed, nothing was kept: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {manifest['vendor']} database ({manifest['cases']} cases, "
                f"{manifest['attachments']} attachments) and uploads to {folder}"
            )
        )
        self.stdout.write(folder.as_posix())
