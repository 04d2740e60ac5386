from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("Town structure")

    def ready(self):
        # Connects the login stamp that starts a session's longest life (SESSION_MAX_HOURS).
        from . import accounts  # noqa: F401
