"""Admin view of the outbox: delivery state and attempts, read-only."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "kind", "state", "attempts", "recipient", "address", "sent_at"]
    list_filter = ["state", "channel", "kind"]
    list_select_related = ["recipient"]
    search_fields = ["address", "recipient__username", "title"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    # A message to a resident carries their tracking link and, for a while, a one-time code: the outbox's
    # admin shows its delivery, never its words.
    exclude = ["body"]
