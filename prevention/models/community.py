"""The community's rules and the citizen oath: ceremonies of the oath room (公民宣誓室)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grids.models import Community


class OathCeremony(models.Model):
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="oath_ceremonies", verbose_name=_("community")
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=120)
    new_residents = models.PositiveSmallIntegerField(_("new residents who took the oath"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("citizen-oath ceremony")
        verbose_name_plural = _("citizen-oath ceremonies")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.place}"


class CommunityPage(models.Model):
    """What the community's public page says: its conventions and rules (三公约四制度) and how to reach it."""

    community = models.OneToOneField(
        Community, on_delete=models.CASCADE, related_name="public_page", verbose_name=_("community")
    )
    rules = models.TextField(_("conventions and rules (Chinese)"), max_length=20000, blank=True)
    rules_en = models.TextField(_("conventions and rules (English)"), max_length=20000, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    contact_address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("community public page")
        verbose_name_plural = _("community public pages")

    def __str__(self) -> str:
        return str(self.community)


class LegalMaterial(models.Model):
    """Legal-education material on the public page: a text, or a PDF checked like every upload."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="legal_materials", verbose_name=_("community")
    )
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=20000, blank=True)
    file = models.FileField(_("PDF"), upload_to="legal/%Y/%m/", blank=True)
    published_on = models.DateField(_("published on"))

    class Meta:
        verbose_name = _("legal-education material")
        verbose_name_plural = _("legal-education materials")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title
