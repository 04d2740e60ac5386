"""The work calendar in the admin: the petition office enters each year's notice, its rest days and make-up
working days; every change is recorded with who made it. The calendar has its own admin site (/calendar/), so
the petition office reaches it without the rest of the admin (the case admin knows nothing of who may see a
case); the administrator finds the same pages in /admin/ too."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils import formats
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from core.admin import AppendOnlyAdmin

from .changes import changes_by
from .models import CalendarChange, CalendarDay, HolidayNotice


class CalendarAdminSite(AdminSite):
    site_header = _("Work calendar")
    site_title = _("Work calendar")
    index_title = _("Holidays and make-up working days")

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and user.has_perm("workcalendar.view_holidaynotice")

    def login(self, request, extra_context=None):
        # Signed in without the permission: refused, never sent round to the login page again.
        if request.user.is_authenticated:
            raise PermissionDenied
        # The portal's own login (lockout, second factor), never the admin's staff-only form.
        wanted = request.GET.get("next", "")
        return redirect_to_login(
            wanted if url_has_allowed_host_and_scheme(wanted, None) else "/calendar/", settings.LOGIN_URL
        )


calendar_site = CalendarAdminSite(name="workcalendar_admin")


class RecordsWhoChanged:
    """Every write through these pages is recorded as the signed-in person's."""

    def changeform_view(self, request, *args, **kwargs):
        with changes_by(request.user):
            return super().changeform_view(request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        with changes_by(request.user):
            return super().delete_view(request, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        with changes_by(request.user):
            return super().changelist_view(request, *args, **kwargs)


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 3
    fields = ["day", "kind", "name"]


class HolidayNoticeAdmin(RecordsWhoChanged, admin.ModelAdmin):
    list_display = ["year", "title", "published_on", "source", "rest_days", "work_days"]
    list_filter = ["source"]
    search_fields = ["title", "year"]
    inlines = [CalendarDayInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                rest=Count("days", filter=Q(days__kind=CalendarDay.Kind.REST)),
                work=Count("days", filter=Q(days__kind=CalendarDay.Kind.WORK)),
            )
        )

    @admin.display(description=_("rest days"), ordering="rest")
    def rest_days(self, obj) -> int:
        return obj.rest

    @admin.display(description=_("make-up working days"), ordering="work")
    def work_days(self, obj) -> int:
        return obj.work


class CalendarDayAdmin(RecordsWhoChanged, admin.ModelAdmin):
    list_display = ["day", "weekday", "kind", "name", "notice"]
    list_filter = ["kind", "notice"]
    date_hierarchy = "day"
    search_fields = ["name"]
    list_select_related = ["notice"]

    @admin.display(description=_("weekday"))
    def weekday(self, obj) -> str:
        return formats.date_format(obj.day, "D")


class CalendarChangeAdmin(AppendOnlyAdmin):
    list_display = ["at", "by", "action", "what", "before", "after"]
    list_filter = ["action"]
    search_fields = ["what"]
    list_select_related = ["by"]


for site in (admin.site, calendar_site):
    site.register(HolidayNotice, HolidayNoticeAdmin)
    site.register(CalendarDay, CalendarDayAdmin)
    site.register(CalendarChange, CalendarChangeAdmin)
