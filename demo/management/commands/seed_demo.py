"""`python manage.py seed_demo`: build the demo town of Zhuanqiao (idempotent)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from demo.seed import seed_demo
from demo.town import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Build the demo town: zones, communities, grids, departments, platforms, demo logins and cases."

    def handle(self, *args, **options):
        counts = seed_demo()
        self.stdout.write(
            _(
                "Demo town ready: %(zones)d zones, %(communities)d communities, %(grids)d grids, "
                "%(departments)d departments, %(platforms)d intake platforms, %(cases)d cases "
                "(%(cases_created)d new)."
            )
            % counts
        )
        self.stdout.write(_("Demo logins (password for all: %(password)s):") % {"password": DEMO_PASSWORD})
        for username, role in counts["logins"]:
            self.stdout.write(f"  {username:<10} {role}")
        self.stdout.write(
            _("Open311 API key of the demo client (reception hall), for POST /open311/v2/requests.xml: %(key)s")
            % {"key": counts["open311_key"]}
        )
