"""Admin for cases. Status, tier and the timeline change only through cases.services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import AppendOnlyAdmin, ReadOnlyAdmin

from .models import (
    Attachment,
    Case,
    CaseAssignment,
    CaseEvent,
    CasePetitioner,
    CaseReview,
    Petitioner,
    Reminder,
    Subject,
)
from .services import ADMIN_CORRECTABLE, case_correct


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
    exclude = ["id_number_hash", "id_number_encrypted"]
    readonly_fields = ["id_number_last4", "created_at"]

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj: Petitioner) -> str:
        return obj.masked_id_number


class CasePetitionerInline(admin.TabularInline):
    # Who the petitioner is decides who may track the case: registration sets it, the admin shows it.
    model = CasePetitioner
    extra = 0
    fields = ["position", "petitioner"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class CaseAssignmentInline(admin.TabularInline):
    # People are put on a case by routing (cases), which writes it on the timeline.
    model = CaseAssignment
    extra = 0
    fields = ["user", "assigned_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class CaseReviewInline(admin.TabularInline):
    model = CaseReview
    extra = 0
    fields = ["level", "requested_at", "requested_by", "reason", "due_on", "decided_at", "decision", "opinion"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    fields = [
        "at",
        "actor",
        "department",
        "kind",
        "old_status",
        "new_status",
        "old_tier",
        "new_tier",
        "detail",
        "note",
        "is_public",
    ]
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
        "due_on",
        "lead_department",
    ]
    list_filter = [
        "status",
        "channel",
        "category",
        "tier",
        "lead_department",
        "zone",
        "subject",
        "needs_attention",
        "extension_status",
        "resolved_tier",
    ]
    list_select_related = ["subject", "community", "tier", "lead_department"]
    search_fields = ["tracking_code", "address", "case_petitioners__petitioner__name", "contact_phone"]
    date_hierarchy = "received_at"
    # Only harmless corrections are editable, and each writes a timeline note (cases.services.case_correct).
    # Everything else (the category, the accused, the place, the dates, status, routing, the clock, the reply,
    # the rating) decides who sees the case or when it is due: it changes only through the services.
    readonly_fields = [
        field.name
        for field in Case._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and not field.auto_created
        and field.name not in (*ADMIN_CORRECTABLE, "id", "assignees", "tracking_pin_hash")
    ]
    inlines = [CasePetitionerInline, CaseAssignmentInline, AttachmentInline, CaseReviewInline, CaseEventInline]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        # Cases are registered at the counter or the web form, which write the first event.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        # The form applied the changes to `obj`; the service writes them with their timeline note instead.
        case_correct(case=obj, by=request.user, changes={name: form.cleaned_data[name] for name in form.changed_data})


@admin.register(CaseEvent)
class CaseEventAdmin(AppendOnlyAdmin):
    list_display = ["case", "at", "actor", "kind", "old_status", "new_status", "is_public"]
    list_filter = ["kind", "is_public"]
    list_select_related = ["case", "actor"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    """The reminder ledger, read-only: which clock of which case was reminded of, and when."""

    list_display = ["created_at", "case", "clock", "due_on", "offset_days"]
    list_filter = ["clock"]
    list_select_related = ["case"]
    search_fields = ["case__tracking_code"]
    date_hierarchy = "created_at"
    show_full_result_count = False
