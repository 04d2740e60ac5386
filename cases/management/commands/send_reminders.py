"""`python manage.py send_reminders`: run the reminder sweep once (for cron) and deliver what it wrote."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cases.reminders.sweep import reminders_sweep
from notifications.delivery import deliver_pending


class Command(BaseCommand):
    help = "Create today's deadline reminders and send them. Safe to run any number of times."

    def handle(self, *args, **options):
        result = reminders_sweep()
        sent = deliver_pending(limit=settings.NOTIFY_BATCH)
        self.stdout.write(
            _("%(reminders)d reminders created, %(notifications)d notifications written, %(sent)d sent.")
            % {"reminders": result.reminders, "notifications": result.notifications, "sent": sent}
        )
