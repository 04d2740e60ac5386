"""The registers in the admin: committees with their members (3-9, one chair, 3-year terms), the roles of
invited participants, and the mediations (read mostly: their steps are written through the pages)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import (
    Agreement,
    AgreementTerm,
    Committee,
    Mediation,
    MediationEvent,
    Mediator,
    ParticipantRole,
    Party,
    Session,
    Signature,
)
from .models.registers import membership_problems


class MemberFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        members = [
            {
                "kind": f.cleaned_data.get("kind"),
                "is_chair": f.cleaned_data.get("is_chair"),
                "is_active": f.cleaned_data.get("is_active", True),
            }
            for f in self.forms
            if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
        ]
        problems = membership_problems(members)
        if problems:
            raise ValidationError(problems)


class MediatorInline(admin.TabularInline):
    model = Mediator
    formset = MemberFormSet
    extra = 0
    fields = ["name", "kind", "is_chair", "specialities", "phone", "user", "is_active"]
    autocomplete_fields = ["user"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "community", "term_starts_on", "term_ends_on"]
    list_filter = ["level"]
    search_fields = ["name"]
    inlines = [MediatorInline]

    @admin.display(description=_("term ends on"))
    def term_ends_on(self, obj):
        return obj.term_ends_on


@admin.register(ParticipantRole)
class ParticipantRoleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "sort_order"]


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0


class SessionInline(admin.StackedInline):
    model = Session
    extra = 0


class EventInline(admin.TabularInline):
    model = MediationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "old_status", "new_status", "note", "actor", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Mediation)
class MediationAdmin(admin.ModelAdmin):
    list_display = ["number", "subject", "committee", "dispute_type", "status", "opened_at"]
    list_filter = ["status", "dispute_type", "committee"]
    search_fields = ["number", "subject"]
    readonly_fields = ["status", "version", "case"]
    inlines = [PartyInline, SessionInline, EventInline]


class TermInline(admin.TabularInline):
    model = AgreementTerm
    extra = 0


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["mediation", "form", "reached_on", "effective_on", "ruling"]
    readonly_fields = ["effective_on"]
    inlines = [TermInline, SignatureInline]
