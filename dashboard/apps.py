from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "dashboard"
    verbose_name = _("Town office dashboard")

    def ready(self) -> None:
        # Every number links to the queue narrowed to exactly its cases: the queue learns what they mean.
        from cases.queue_links import register_measures

        from .measures import LINK_MEASURES

        register_measures(LINK_MEASURES)
