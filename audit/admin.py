"""The read log in the admin: the administrator lists and searches it; nobody adds, changes or deletes."""

from django.contrib import admin

from core.admin import AppendOnlyAdmin

from .models import Read


@admin.register(Read)
class ReadAdmin(AppendOnlyAdmin):
    list_display = ["at", "user", "kind", "content_type", "object_id", "what", "address", "user_agent"]
    list_filter = ["kind", "content_type"]
    list_select_related = ["user", "content_type"]
    search_fields = ["user__username", "what", "address"]
    date_hierarchy = "at"
    show_full_result_count = False
    readonly_fields = list_display
