"""Admin bases for rows only the code writes: the admin lists and searches them, never adds or changes them."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the portal's services (the outbox, the reminder ledger): the admin only reads."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class AppendOnlyAdmin(ReadOnlyAdmin):
    """A record that must never lose a row (the timeline, the read log): no delete, one by one or in bulk."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_actions(self, request):
        return {}
