"""Admin views of the outbox and the reminder ledger: delivery state and attempts, read-only."""

from django.contrib import admin

from .models import Notification, Reminder


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "kind", "state", "attempts", "recipient", "address", "case", "sent_at"]
    list_filter = ["state", "channel", "kind"]
    list_select_related = ["recipient", "case"]
    search_fields = ["address", "recipient__username", "case__tracking_code"]
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "case", "clock", "due_on", "offset_days"]
    list_filter = ["clock"]
    list_select_related = ["case"]
    search_fields = ["case__tracking_code"]
    date_hierarchy = "created_at"
    show_full_result_count = False
