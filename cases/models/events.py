"""The append-only timeline of a case: one row per change, written with the change."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Department, GridTier

from .case import Case
from .choices import Status


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove a timeline event."""


class CaseEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Timeline events are append-only.")

    def delete(self):
        raise AppendOnlyError("Timeline events are append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("Timeline events are append-only.")


class CaseEvent(models.Model):
    """One line of a case's timeline, written in the same transaction as the change it records."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        STATUS = "status", _("Status changed")
        TIER = "tier", _("Tier changed")
        ROUTED = "routed", _("Routed")
        NOTE = "note", _("Note")
        ATTACHMENT = "attachment", _("Attachment added")
        PEOPLE = "people", _("People assigned")
        EXTENSION_ASKED = "extension_asked", _("Extension asked")
        EXTENSION_GRANTED = "extension_granted", _("Extension granted")
        EXTENSION_REFUSED = "extension_refused", _("Extension refused")
        RATED = "rated", _("Satisfaction rated")
        # The work calendar changed (a holiday or make-up working day entered or corrected): the clock moved.
        DUE_DATES = "due_dates", _("Due dates recounted")
        DELIVERED = "delivered", _("Answer delivered")
        OBJECTED = "objected", _("Objection raised")
        OBJECTION_REFUSED = "objection_refused", _("Objection refused")
        HEARING_PAUSED = "hearing_paused", _("Paused for a hearing")
        HEARING_RESUMED = "hearing_resumed", _("Resumed after the hearing")
        # A step of another record about this case (a mediation, a meeting, a visit): cases.linked.
        LINKED = "linked", _("Linked record")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events", verbose_name=_("case"))
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    old_status = models.CharField(_("old status"), max_length=20, choices=Status.choices, blank=True)
    new_status = models.CharField(_("new status"), max_length=20, choices=Status.choices, blank=True)
    old_tier = models.ForeignKey(
        GridTier, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("old tier")
    )
    new_tier = models.ForeignKey(
        GridTier, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("new tier")
    )
    note = models.TextField(_("why / note"), blank=True, max_length=10000)
    # A code that qualifies the event (the outcome, the rating, the reason, the days), so each reader
    # sees it in their own language.
    detail = models.CharField(_("detail"), max_length=20, blank=True)
    is_public = models.BooleanField(_("shown to the petitioner"), default=False)
    # The unit that acted, as it was then: the petitioner sees a department, never a person's name.
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("department")
    )

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "at"], name="case_event_case_at")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        # Append-only is a property of the record, not of any one caller: refuse edits here.
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Timeline events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Timeline events are append-only.")
