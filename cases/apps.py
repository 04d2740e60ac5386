from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Petition cases")

    def ready(self) -> None:
        # Plug into the floors below once every model is loaded; Django allows no model import earlier.
        from grids.roles import declare_role_permissions, sync_role_groups

        from . import calendar_link
        from .permissions import CASE_ROLE_PERMISSIONS
        from .reminders.texts import register_reminder_texts

        declare_role_permissions(CASE_ROLE_PERMISSIONS)
        register_reminder_texts()
        # Every stored due date follows the work calendar when it changes.
        calendar_link.connect()
        # The role groups hold case permissions, which exist only once migrate created them for this app.
        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="cases.sync_role_groups")
