from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkCalendarConfig(AppConfig):
    name = "workcalendar"
    verbose_name = _("Work calendar")

    def ready(self) -> None:
        from core.calendar import use_calendar_source

        from . import changes
        from .source import town_calendar

        # Every clock of the portal counts days on the town's calendar from now on.
        use_calendar_source(town_calendar)
        changes.connect()
