"""Admin for cases. Status, tier and the timeline change only through cases.services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Attachment, Case, CaseAssignment, CaseEvent, CasePetitioner, Petitioner, Subject


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "default_department", "is_active", "sort_order"]
    list_filter = ["is_active", "default_department"]
    list_editable = ["default_department", "is_active", "sort_order"]
    list_select_related = ["default_department"]
    search_fields = ["code", "name", "name_en"]


@admin.register(Petitioner)
class PetitionerAdmin(admin.ModelAdmin):
    list_display = ["name", "sex", "phone", "masked_id_number", "created_at"]
    search_fields = ["name", "phone", "id_number_last4"]
    # The keyed hash is useless to a person and sensitive in bulk: keep it out of the form.
    exclude = ["id_number_hash"]
    readonly_fields = ["id_number_last4", "created_at"]

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj: Petitioner) -> str:
        return obj.masked_id_number


class CasePetitionerInline(admin.TabularInline):
    model = CasePetitioner
    extra = 0
    max_num = 5
    autocomplete_fields = ["petitioner"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class CaseAssignmentInline(admin.TabularInline):
    model = CaseAssignment
    extra = 0
    autocomplete_fields = ["user"]


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    fields = ["at", "actor", "kind", "old_status", "new_status", "old_tier", "new_tier", "note", "is_public"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = [
        "tracking_code",
        "received_at",
        "channel",
        "category",
        "subject",
        "community",
        "tier",
        "status",
        "lead_department",
    ]
    list_filter = ["status", "channel", "category", "tier", "lead_department", "zone", "subject"]
    list_select_related = ["subject", "community", "tier", "lead_department"]
    search_fields = ["tracking_code", "address", "case_petitioners__petitioner__name", "contact_phone"]
    date_hierarchy = "received_at"
    readonly_fields = ["tracking_code", "status", "tier", "version", "submission_key", "created_at", "updated_at"]
    autocomplete_fields = [
        "subject",
        "community",
        "grid",
        "lead_department",
        "accused_department",
        "accused_user",
        "repeat_of",
    ]
    filter_horizontal = ["assisting_departments"]
    inlines = [CasePetitionerInline, CaseAssignmentInline, AttachmentInline, CaseEventInline]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        # Cases are registered at the counter or the web form, which write the first event.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ["case", "at", "actor", "kind", "old_status", "new_status", "is_public"]
    list_filter = ["kind", "is_public"]
    list_select_related = ["case", "actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
