"""The "有事好商量" council: a matter residents raise, its sessions, who spoke for which view, the outcome."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from grids.models import Community

from .meetings import Meeting
from .visits import Visit


class Council(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Under deliberation")
        DECIDED = "decided", _("Decided")

    title = models.CharField(_("matter"), max_length=120)
    description = models.TextField(_("what residents raised"), max_length=4000)
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="councils", verbose_name=_("community")
    )
    # Where the matter came from: a case, a visit or a meeting (any one, or none).
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("case")
    )
    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="councils", verbose_name=_("visit")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="councils", verbose_name=_("meeting")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField(_("outcome"), max_length=4000, blank=True)
    is_published = models.BooleanField(
        _("published on the community's page"),
        default=False,
        help_text=_("Only when the council decided to publish its outcome."),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("deliberation council")
        verbose_name_plural = _("deliberation councils")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class CouncilSession(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("council"))
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=120)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.council} {self.held_on}"


class CouncilSpeaker(models.Model):
    """Who spoke for which view. A resident is named as typed; their words stay internal."""

    class Side(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        OTHER = "other", _("Another view")

    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("session")
    )
    name = models.CharField(_("speaker"), max_length=50)
    side = models.CharField(_("view"), max_length=10, choices=Side.choices)
    said = models.CharField(_("what they said"), max_length=500)

    class Meta:
        verbose_name = _("council speaker")
        verbose_name_plural = _("council speakers")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
