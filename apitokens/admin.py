"""Tokens are issued and revoked here by the administrator; the key is shown once, on the page after saving."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ApiToken
from .services import token_issue, token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "user__username", "prefix")
    autocomplete_fields = ("user",)
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        # A token stays bound to the login it was issued to: another login needs its own token.
        return (*self.readonly_fields, "user") if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        _token, key = token_issue(user=obj.user, name=obj.name, expires_at=obj.expires_at, token=obj)
        messages.warning(
            request,
            _("The key of “%(name)s” is shown this once; copy it now, it cannot be shown again: %(key)s")
            % {"name": obj.name, "key": key},
        )

    def has_delete_permission(self, request, obj=None):
        # Revoked, never deleted: the list keeps which systems had access, and until when.
        return False

    @admin.action(description=gettext_lazy("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = sum(token_revoke(token=token) for token in queryset)
        messages.success(request, _("%(n)s token(s) revoked.") % {"n": count})
