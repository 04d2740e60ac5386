"""What hangs on a case: its petitioners, its people on the ground, attachments and reviews."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .case import Case, Petitioner
from .choices import MAX_NAMED_PETITIONERS, DeliveryMethod


class CasePetitioner(models.Model):
    """A petitioner on a case. A visit names at most five (the registration service); a joint letter, call
    or web submission may name more, up to MAX_NAMED_PETITIONERS (a database rule)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_petitioners", verbose_name=_("case"))
    petitioner = models.ForeignKey(
        Petitioner, on_delete=models.PROTECT, related_name="case_links", verbose_name=_("petitioner")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), validators=[MinValueValidator(1), MaxValueValidator(MAX_NAMED_PETITIONERS)]
    )

    class Meta:
        verbose_name = _("petitioner on case")
        verbose_name_plural = _("petitioners on case")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "position"], name="case_petitioner_position_unique"),
            models.UniqueConstraint(fields=["case", "petitioner"], name="case_petitioner_once"),
            models.CheckConstraint(
                name="case_petitioner_position_in_range",
                condition=Q(position__gte=1) & Q(position__lte=MAX_NAMED_PETITIONERS),
                violation_error_message=_("A case names at most fifty people."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} #{self.position}"


class CaseAssignment(models.Model):
    """One of the "X" people on a case: grid worker, mediator, enforcement officer, ..."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("case"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_assignments", verbose_name=_("person")
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_assignment_once")]

    def __str__(self) -> str:
        return f"{self.case} · {self.user}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name never reuses what the uploader called the file.
    return f"cases/{instance.case.received_at:%Y/%m}/{instance.case.tracking_code}/{instance.stored_name}"


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("case"))
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    stored_name = models.CharField(_("stored name"), max_length=80, editable=False)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class CaseReview(models.Model):
    """A review (复查) or re-review (复核) the petitioner asked for, decided by the next level up."""

    class Level(models.IntegerChoices):
        REVIEW = 1, _("Review")
        REREVIEW = 2, _("Re-review")

    class Decision(models.TextChoices):
        UPHELD = "upheld", _("The earlier opinion stands")
        REVISED = "revised", _("The earlier opinion is revised")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("case"))
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    requested_at = models.DateTimeField(_("requested at"))
    # Nobody when the petitioner asked from the tracking page; the clerk when asked at the counter.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    reason = models.TextField(_("why the petitioner disagrees"), max_length=5000)
    due_on = models.DateField(_("decision due"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    opinion = models.TextField(_("written opinion"), max_length=10000, blank=True)
    # A review decided outside the town (the district) is recorded as received: the body, and the
    # day its opinion arrived is decided_at.
    decided_outside_by = models.CharField(_("decided by (body outside the town)"), max_length=100, blank=True)
    # A hearing (听证) in a re-review does not count towards its time limit (条例 art. 36).
    hearing_since = models.DateTimeField(_("hearing under way since"), null=True, blank=True)
    hearing_days = models.PositiveSmallIntegerField(_("days paused for hearings"), default=0)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["level"]
        constraints = [
            models.UniqueConstraint(fields=["case", "level"], name="case_review_once_per_level"),
            models.CheckConstraint(name="case_review_level_1_or_2", condition=Q(level__in=[1, 2])),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_level_display()}"


class AnswerDelivery(models.Model):
    """How and when a written answer reached the petitioner (送达), entered by the body that answered.

    Level 0 is the reply, 1 the review opinion, 2 the re-review opinion. The petitioner's window to ask for
    the next step counts from delivered_on (条例 arts. 35, 36).
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("case"))
    level = models.PositiveSmallIntegerField(_("answer"), help_text=_("0 reply, 1 review opinion, 2 re-review."))
    method = models.CharField(_("how it was delivered"), max_length=20, choices=DeliveryMethod.choices)
    delivered_on = models.DateField(_("delivered on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("delivery of an answer")
        verbose_name_plural = _("deliveries of answers")
        ordering = ["level"]
        constraints = [
            models.UniqueConstraint(fields=["case", "level"], name="answer_delivery_once_per_answer"),
            models.CheckConstraint(name="answer_delivery_level_0_to_2", condition=Q(level__gte=0) & Q(level__lte=2)),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.level} · {self.delivered_on}"
