"""Risk screening (排查, 研判): hazards and brewing disputes per community and grid, reviewed on a schedule."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from grids.models import Community, Department, Grid


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    MAJOR = "major", _("Major")


# Levels that must always carry a next review date (the service and a constraint both say so).
PRESSING_LEVELS = (RiskLevel.HIGH, RiskLevel.MAJOR)


class RiskItem(models.Model):
    class Kind(models.TextChoices):
        HAZARD = "hazard", _("Hazard")
        DISPUTE = "dispute", _("Brewing dispute")
        MISCONDUCT = "misconduct", _("Misconduct matter")

    class Status(models.TextChoices):
        OPEN = "open", _("Being followed")
        CLOSED = "closed", _("Ended")

    class Outcome(models.TextChoices):
        DEFUSED = "defused", _("Defused")
        CASE = "case", _("Turned into a case")
        MEDIATION = "mediation", _("Turned into a mediation")

    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("what was found"), max_length=4000)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="risks", verbose_name=_("community")
    )
    grid = models.ForeignKey(
        Grid, on_delete=models.PROTECT, null=True, blank=True, related_name="risks", verbose_name=_("grid")
    )
    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("followed by")
    )
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("how it ended"), max_length=20, choices=Outcome.choices, blank=True)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("case")
    )
    # The accused rule: a misconduct matter never reaches the person or department it is about.
    accused_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member concerned"),
    )
    accused_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department concerned"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("screening item")
        verbose_name_plural = _("screening items")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "level"], name="risk_open_level")]
        constraints = [
            models.CheckConstraint(
                name="risk_pressing_has_review",
                condition=~Q(status="open", level__in=["high", "major"]) | Q(next_review_on__isnull=False),
                violation_error_message=_("A high or major risk needs a next review date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class RiskEvent(models.Model):
    """Every change to an item: registered, reviewed (notes, level change), ended."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        REVIEWED = "reviewed", _("Reviewed")
        ENDED = "ended", _("Ended")

    item = models.ForeignKey(RiskItem, on_delete=models.CASCADE, related_name="events", verbose_name=_("item"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    old_level = models.CharField(_("level before"), max_length=10, choices=RiskLevel.choices, blank=True)
    new_level = models.CharField(_("level after"), max_length=10, choices=RiskLevel.choices, blank=True)
    note = models.TextField(_("notes"), max_length=4000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("screening event")
        verbose_name_plural = _("screening events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind}"


class RiskReminder(models.Model):
    """The ledger of review reminders: one per item and review date, so a sweep run twice reminds once."""

    item = models.ForeignKey(RiskItem, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("item"))
    due_on = models.DateField(_("review due"))
    sweep = models.CharField(_("sweep"), max_length=32, db_index=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [models.UniqueConstraint(fields=["item", "due_on"], name="risk_reminder_once")]

    def __str__(self) -> str:
        return f"{self.item_id} @ {self.due_on}"
