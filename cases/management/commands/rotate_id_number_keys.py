"""`python manage.py rotate_id_number_keys`: after a new key was put first in ID_NUMBER_ENCRYPTION_KEYS,
re-encrypt every stored ID number with it; then the old key can be dropped (README, Security)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cases.services.id_number_keys import id_numbers_rotate


class Command(BaseCommand):
    help = "Re-encrypt every stored full ID number under the first key of ID_NUMBER_ENCRYPTION_KEYS. Idempotent."

    def handle(self, *args, **options):
        result = id_numbers_rotate()
        self.stdout.write(
            _("%(rotated)d ID numbers re-encrypted with the first key, %(current)d already current.")
            % {"rotated": result.rotated, "current": result.current}
        )
        if result.unreadable:
            # Dropping the old key now would lose these for good: say so, and fail.
            raise CommandError(
                _("%(n)d ID numbers open with none of the configured keys; keep every old key until they are found.")
                % {"n": result.unreadable}
            )
