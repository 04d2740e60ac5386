from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "mediation"
    verbose_name = _("People's mediation")

    def ready(self) -> None:
        # Plug into the floors below once every model is loaded: cases never imports this app.
        from cases.actions import register_action
        from grids.roles import declare_role_permissions, sync_role_groups

        from . import panels
        from .actions import REFER
        from .permissions import MEDIATION_ROLE_PERMISSIONS
        from .steps import register_steps

        declare_role_permissions(MEDIATION_ROLE_PERMISSIONS)
        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="mediation.sync_role_groups")
        register_steps()
        register_action(REFER)
        panels.register()
