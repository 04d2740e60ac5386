from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_role_groups(sender, **kwargs) -> None:
    # The role groups hold case permissions, which exist only once migrate created them for
    # this app; so the groups are brought up to date right after.
    from grids.roles import roles_sync

    roles_sync()


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Petition cases")

    def ready(self) -> None:
        # Plug-ins into the lower floors, once every model is loaded (Django's place for them).
        from grids.roles import declare_role_permissions

        from .permissions import CASE_ROLE_PERMISSIONS
        from .reminders.texts import register_reminder_texts

        declare_role_permissions(CASE_ROLE_PERMISSIONS)
        register_reminder_texts()
        post_migrate.connect(_sync_role_groups, sender=self, dispatch_uid="cases.sync_role_groups")
