"""The read log in the admin: the administrator lists and searches it; nobody adds, changes or deletes."""

from django.contrib import admin

from .models import Read


@admin.register(Read)
class ReadAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "kind", "content_type", "object_id", "what", "address", "user_agent"]
    list_filter = ["kind", "content_type"]
    list_select_related = ["user", "content_type"]
    search_fields = ["user__username", "what", "address"]
    date_hierarchy = "at"
    show_full_result_count = False
    readonly_fields = list_display

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        # No bulk delete either.
        return {}
