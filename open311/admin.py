"""The administrator creates a client's API key here: it is shown once, and only its hash is kept."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _

from .models import ApiKey, CommunityPoint, ServiceAttribute, Submission, new_api_key


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "key_start", "platform", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "key_start"]
    readonly_fields = ["key_start", "created_at"]
    fields = ["name", "platform", "is_active", "key_start", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            raw = new_api_key()
            obj.set_key(raw)
            messages.warning(
                request,
                _("The new API key is %(key)s. Copy it now and hand it to the client: it is not shown again.")
                % {"key": raw},
            )
        super().save_model(request, obj, form, change)


@admin.register(ServiceAttribute)
class ServiceAttributeAdmin(admin.ModelAdmin):
    list_display = ["subject", "code", "datatype", "required", "order", "description"]
    list_filter = ["subject", "datatype"]


@admin.register(CommunityPoint)
class CommunityPointAdmin(admin.ModelAdmin):
    list_display = ["community", "lat", "long"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["case", "api_key", "created_at"]
    readonly_fields = ["case", "api_key", "token", "created_at"]

    def has_add_permission(self, request):
        return False
