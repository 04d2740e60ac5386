from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    name = "prevention"
    verbose_name = _("Prevention close to home")

    def ready(self) -> None:
        from grids.roles import declare_role_permissions, sync_role_groups

        from . import plugins
        from .permissions import PREVENTION_ROLE_PERMISSIONS

        declare_role_permissions(PREVENTION_ROLE_PERMISSIONS)
        plugins.register()
        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="prevention.sync_role_groups")
