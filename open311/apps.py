from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Open311Config(AppConfig):
    """The Open311 GeoReport v2 endpoint: our subjects as services, cases as public service requests."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "open311"
    verbose_name = _("Open311 interface")
