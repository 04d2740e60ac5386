"""The diverse team (the "X" of 1+10+X): people on the ground who have no staff login."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from grids.models import BilingualName, Community


class RosterRole(BilingualName):
    """A role on the roster (representative, community lawyer, police contact, 三长…): data, seeded once."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("roster role")
        verbose_name_plural = _("roster roles")
        ordering = ["sort_order", "code"]


class RosterPerson(models.Model):
    """A person of the diverse team. Their phone is personal data, shown masked like a petitioner's."""

    name = models.CharField(_("name"), max_length=50)
    role = models.ForeignKey(RosterRole, on_delete=models.PROTECT, related_name="people", verbose_name=_("role"))
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roster",
        verbose_name=_("community"),
        help_text=_("Empty for someone who serves the whole town."),
    )
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("diverse-team member")
        verbose_name_plural = _("diverse team")
        ordering = ["name", "pk"]
        permissions = [("view_personal_data", _("Can see the full phone numbers of residents and the team"))]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"
