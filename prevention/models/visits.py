"""Door-to-door visits (走访, 送服务上门): who went, whom they saw, where, why, what was asked and done."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from grids.models import Community, Grid

from .roster import RosterPerson


class Visit(models.Model):
    class Reason(models.TextChoices):
        FOLLOW_UP = "follow_up", _("Follow-up of a case")
        SCREENING = "screening", _("A screening item")
        VULNERABLE = "vulnerable", _("A vulnerable resident")
        RETURN = "return", _("Return visit after a reply")
        ROUTINE = "routine", _("Routine visit")

    visited_on = models.DateField(_("date of the visit"))
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="visits", verbose_name=_("community")
    )
    grid = models.ForeignKey(
        Grid, on_delete=models.PROTECT, null=True, blank=True, related_name="visits", verbose_name=_("grid")
    )
    address = models.CharField(_("address"), max_length=200)
    resident_name = models.CharField(_("resident or household"), max_length=50)
    resident_phone = models.CharField(_("resident's phone"), max_length=20, blank=True)
    reason = models.CharField(_("why"), max_length=20, choices=Reason.choices)
    asked = models.TextField(_("what the resident asked"), max_length=2000, blank=True)
    done = models.TextField(_("what was done"), max_length=2000, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="prevention_visits", blank=True, verbose_name=_("staff who went")
    )
    team = models.ManyToManyField(
        RosterPerson, related_name="visits", blank=True, verbose_name=_("diverse-team members who went")
    )
    risk = models.ForeignKey(
        "prevention.RiskItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("screening item"),
    )
    # At most one case per visit: the one it opened, or the one it was attached to (several visits may
    # follow one case). Opening is idempotent: the visit row is locked and its link checked first.
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="prevention_visits", verbose_name=_("case")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("door-to-door visit")
        verbose_name_plural = _("door-to-door visits")
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["community", "visited_on"], name="visit_community_day")]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.resident_name}"
