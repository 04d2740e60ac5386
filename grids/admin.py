"""Admin for the town structure, usable by the town administrator in Chinese."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Community, Department, Grid, GridTier, Platform, StaffProfile, Town, Zone

admin.site.site_header = _("Zhuanqiao Petition and Dispute Portal")
admin.site.site_title = _("Petition portal administration")
admin.site.index_title = _("Administration")


@admin.register(Town)
class TownAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "town", "sort_order"]
    list_select_related = ["town"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "kind", "zone"]
    list_filter = ["kind", "zone"]
    list_select_related = ["zone"]
    search_fields = ["code", "name", "name_en"]


@admin.register(GridTier)
class GridTierAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "level", "target_days"]


@admin.register(Grid)
class GridAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "tier", "parent", "community"]
    list_filter = ["tier", "community__zone"]
    list_select_related = ["tier", "parent", "community"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent", "community"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "is_active", "is_district_station", "sort_order"]
    list_filter = ["is_active", "is_district_station"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "department", "community", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["department", "community"]
    search_fields = ["code", "name", "name_en"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "department", "community", "grid", "platform"]
    list_filter = ["role", "department"]
    list_select_related = ["user", "department", "community", "grid", "platform"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["grid", "community", "platform", "department"]


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    autocomplete_fields = ["grid", "community", "platform", "department"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]
    list_display = ["username", "first_name", "email", "is_active", "is_staff"]
