"""Admin for the prevention app's reference data and public pages; records are written through the pages."""

from django.contrib import admin

from .forms import LegalMaterialForm
from .models import CommunityPage, LegalMaterial, MeetingKind, OathCeremony, RosterRole


@admin.register(RosterRole, MeetingKind)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "sort_order"]


@admin.register(CommunityPage)
class CommunityPageAdmin(admin.ModelAdmin):
    list_display = ["community", "contact_phone"]


@admin.register(LegalMaterial)
class LegalMaterialAdmin(admin.ModelAdmin):
    form = LegalMaterialForm
    list_display = ["title", "community", "published_on"]


@admin.register(OathCeremony)
class OathCeremonyAdmin(admin.ModelAdmin):
    list_display = ["held_on", "community", "place", "new_residents"]
