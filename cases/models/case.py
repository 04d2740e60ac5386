"""The case record (信访件): the matter, who brought it, where it stands and who handles it."""

from datetime import UTC, date, datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from grids.models import BilingualName, Community, Department, Grid, GridTier, Platform, Zone

from .choices import (
    OPEN_STATUSES,
    Category,
    Channel,
    ExtensionStatus,
    NotAcceptedReason,
    Outcome,
    Satisfaction,
    Sex,
    Status,
)

# The database's own bounds on the time received, in UTC with a day to spare either side, so the
# town's time zone never matters; the registration service holds the exact ones (2000-01-01 in the
# town, and no later than a day from now, which a constraint cannot say).
RECEIVED_AT_FLOOR = datetime(1999, 12, 31, tzinfo=UTC)
RECEIVED_AT_CEILING = datetime(2100, 1, 2, tzinfo=UTC)


class Subject(BilingualName):
    """What a matter is about (neighbour dispute, illegal construction, ...). Data, editable in admin."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    default_department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="default_subjects",
        verbose_name=_("default lead department"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["sort_order", "code"]


class Petitioner(models.Model):
    """A person who petitions. The ID number is kept as a keyed hash and its last four characters; the full
    number only encrypted, and only when given at the counter."""

    name = models.CharField(_("name"), max_length=50)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True, default="")
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    id_number_hash = models.CharField(_("ID number (keyed hash)"), max_length=64, blank=True, db_index=True)
    id_number_last4 = models.CharField(_("ID number (last four)"), max_length=4, blank=True)
    # The full number, only when the petition office's counter took it (README, Security); a Fernet token
    # under ID_NUMBER_ENCRYPTION_KEYS, which never live in the database. Pages show masked_id_number.
    # db_default too: set-based writers (the bench seeder, restores) that name no such column still insert.
    id_number_encrypted = models.TextField(
        _("ID number (encrypted)"), blank=True, default="", db_default="", editable=False
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    workplace = models.CharField(_("workplace"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("petitioner")
        verbose_name_plural = _("petitioners")

    def __str__(self) -> str:
        return self.name

    @property
    def has_full_id_number(self) -> bool:
        return bool(self.id_number_encrypted)

    @property
    def masked_id_number(self) -> str:
        """What staff see of the ID number: never more than its last four characters."""
        if not self.id_number_last4:
            return ""
        return "*" * 14 + self.id_number_last4


# A case with no next due date sorts after every dated one in the queue ("soonest due first").
NO_DUE_DATE = date(9999, 12, 31)


def queue_due_key() -> Coalesce:
    """The next due date with undated cases last: the queue sorts by it and its indexes are built on it."""
    return Coalesce(
        models.F("due_on"), models.Value(NO_DUE_DATE, output_field=models.DateField()), output_field=models.DateField()
    )


def queue_indexes(column: str, prefix: str, condition: Q | None = None) -> list[models.Index]:
    """The two orders of the queue within one value of `column` (and one status, unless `column` is it);
    with a condition, only over the cases it holds for (a flag few cases carry)."""
    lead = [column] if column == "status" else [column, "status"]
    return [
        models.Index(*lead, queue_due_key(), "received_at", "id", name=f"{prefix}_due_key", condition=condition),
        models.Index(*lead, "received_at", "id", name=f"{prefix}_received_key", condition=condition),
    ]


class Case(models.Model):
    """A petition case (信访件)."""

    class VisitKind(models.TextChoices):
        FIRST = "first", _("First petition")
        REPEAT = "repeat", _("Repeat petition")

    tracking_code = models.CharField(_("tracking code"), max_length=12, unique=True, editable=False)
    # A resident without a phone number proves ownership with a PIN given at submission.
    tracking_pin_hash = models.CharField(_("tracking PIN (hash)"), max_length=128, blank=True, editable=False)

    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, db_index=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, default=Category.RELIEF)
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("subject")
    )
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, related_name="cases", verbose_name=_("intake platform")
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_cases",
        verbose_name=_("receiving officer"),
    )
    received_at = models.DateTimeField(_("received at"), db_index=True)
    # The 12345 hotline's work-order number, or the document number of a matter handed down by a higher level.
    handover_number = models.CharField(_("work-order or document number"), max_length=40, blank=True, default="")

    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    is_group_visit = models.BooleanField(_("group visit"), default=False)
    headcount = models.PositiveIntegerField(
        _("headcount"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )

    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("zone")
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("community")
    )
    grid = models.ForeignKey(
        Grid, on_delete=models.PROTECT, null=True, blank=True, related_name="cases", verbose_name=_("grid")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    what_happened = models.TextField(_("what happened"), max_length=5000)
    request = models.TextField(_("what is asked"), max_length=2000)

    visit_kind = models.CharField(
        _("first or repeat"), max_length=10, choices=VisitKind.choices, default=VisitKind.FIRST
    )
    repeat_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeats",
        verbose_name=_("repeat of"),
    )
    is_level_skipping = models.BooleanField(_("level-skipping"), default=False)
    # 不再受理: the re-reviewed case this matter repeats (条例 art. 36 para. 3).
    repeats_rereviewed = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="not_accepted_repeats",
        verbose_name=_("repeats the re-reviewed case"),
    )

    tier = models.ForeignKey(GridTier, on_delete=models.PROTECT, related_name="cases", verbose_name=_("tier"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    lead_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_cases",
        verbose_name=_("lead department"),
    )
    assisting_departments = models.ManyToManyField(
        Department, blank=True, related_name="assisted_cases", verbose_name=_("assisting departments")
    )
    assignees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CaseAssignment",
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assigned people"),
    )

    # A report of misconduct names who is accused; they must never see the case (cases.selectors).
    accused_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accusing_cases",
        verbose_name=_("accused department"),
    )
    accused_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accusing_cases",
        verbose_name=_("accused person (staff)"),
    )
    accused_name = models.CharField(_("accused person (as named)"), max_length=100, blank=True)

    # Triage and handling (cases.services.handling writes these; the clock's dates are in days).
    not_accepted_reason = models.CharField(
        _("reason not accepted"), max_length=20, choices=NotAcceptedReason.choices, blank=True
    )
    routed_at = models.DateTimeField(_("transferred at"), null=True, blank=True)
    # An objection (not competent) waits for the petition office's check (核实同意); until then the case
    # stays with the department and its clocks run.
    objected_at = models.DateTimeField(_("objection raised at"), null=True, blank=True)
    objection_reason = models.TextField(_("reason of the objection"), max_length=5000, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    # The newest written answer (reply, review or re-review opinion), and the day it reached the
    # petitioner: the window to ask for the next step counts from that day (cases.models.AnswerDelivery).
    answered_at = models.DateTimeField(_("last answered at"), null=True, blank=True)
    answer_delivered_on = models.DateField(_("last answer delivered on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    tier_entered_at = models.DateTimeField(_("at this tier since"), null=True, blank=True)
    # The day the current tier's target time (GridTier.target_days, as it was on entering) ends.
    tier_due_on = models.DateField(_("tier target date"), null=True, blank=True)
    transfer_due_on = models.DateField(_("transfer due"), null=True, blank=True)
    acceptance_due_on = models.DateField(_("acceptance notice due"), null=True, blank=True)
    objection_due_on = models.DateField(_("objection possible until"), null=True, blank=True)
    reply_due_on = models.DateField(_("reply due"), null=True, blank=True)
    # The next date staff must meet, whatever the step: the queues filter and sort on it.
    due_on = models.DateField(_("next due"), null=True, blank=True)

    extension_status = models.CharField(
        _("extension"), max_length=10, choices=ExtensionStatus.choices, blank=True, default=ExtensionStatus.NONE
    )
    extension_days = models.PositiveSmallIntegerField(_("extension (days)"), default=0)
    extension_reason = models.TextField(_("reason for the extension"), max_length=2000, blank=True)

    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    reply_text = models.TextField(_("written reply"), max_length=10000, blank=True)
    reply_legal_basis = models.TextField(_("legal basis of the opinion"), max_length=3000, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replied by"),
    )
    reply_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replied_cases",
        verbose_name=_("replying department"),
    )
    # Where the matter was finally resolved: the town's headline measure counts cases by it.
    resolved_tier = models.ForeignKey(
        GridTier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolved_cases",
        verbose_name=_("resolved at tier"),
    )
    review_level = models.PositiveSmallIntegerField(
        _("review level"), default=0, help_text=_("0 none, 1 review (复查), 2 re-review (复核).")
    )

    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True)
    satisfaction_comment = models.TextField(_("petitioner's comment"), max_length=1000, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    needs_attention = models.BooleanField(
        _("flagged for the town office"), default=False, help_text=_("The petitioner was not satisfied.")
    )

    # A token carried by the intake form: the same submission sent twice creates one case.
    submission_key = models.CharField(_("submission key"), max_length=64, unique=True, null=True, editable=False)

    # Bumped by every change; a form carries the version it was read at, so a stale write is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at"]
        permissions = [
            ("register_case", _("Can register cases")),
            ("triage_case", _("Can triage and route cases")),
            ("handle_case", _("Can handle cases")),
            ("approve_extension", _("Can approve extensions")),
            ("decide_review", _("Can decide reviews and re-reviews")),
            ("view_dashboard", _("Can view the dashboard")),
            ("export_cases", _("Can export cases")),
        ]
        indexes = [
            # The queue walks these for one page per status and visibility branch (cases.selectors.queue):
            # each is a range in the page's order, soonest due first or by the time received.
            *queue_indexes("status", "case_status"),
            *queue_indexes("lead_department", "case_dept"),
            *queue_indexes("community", "case_community"),
            *queue_indexes("grid", "case_grid"),
            # "Petitioner not satisfied" across the town: without these, each status's walk reads every case
            # of a status that has none flagged (half the CPU of that view at a million cases). Small: only
            # the flagged cases are in them, so intake does not maintain them.
            *queue_indexes("status", "case_attention", condition=Q(needs_attention=True)),
            models.Index(fields=["platform", "received_at"], name="case_platform_received"),
            models.Index(fields=["received_at", "channel"], name="case_received_channel"),
            models.Index(fields=["status", "due_on"], name="case_status_due"),
            models.Index(fields=["lead_department", "due_on"], name="case_dept_due"),
            models.Index(fields=["handover_number"], name="case_handover_number", condition=~Q(handover_number="")),
        ]
        constraints = [
            models.CheckConstraint(name="case_headcount_positive", condition=Q(headcount__gte=1)),
            models.CheckConstraint(
                name="case_review_level_0_to_2",
                condition=Q(review_level__gte=0) & Q(review_level__lte=2),
            ),
            models.CheckConstraint(
                name="case_received_at_in_range",
                condition=Q(received_at__gte=RECEIVED_AT_FLOOR) & Q(received_at__lt=RECEIVED_AT_CEILING),
                violation_error_message=_("The time received must lie between 2000 and 2099."),
            ),
            models.CheckConstraint(
                name="case_single_visit_has_headcount_one",
                condition=Q(is_group_visit=True) | Q(headcount=1),
                violation_error_message=_("Only a group visit has a headcount above one."),
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def suggested_lead_department(self) -> Department | None:
        """Whom triage suggests to lead: the subject's usual department, else the department whose platform took it."""
        if self.subject_id and self.subject.default_department_id:
            return self.subject.default_department
        if self.platform_id and self.platform.department_id:
            return self.platform.department
        return None

    @property
    def handover_number_label(self) -> str:
        """What the number is called on the case page and the receipt."""
        if self.channel == Channel.HIGHER_LEVEL:
            return str(_("Document number"))
        return str(_("Hotline work-order number"))

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
