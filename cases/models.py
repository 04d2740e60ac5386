"""The case record (信访件): petitioners, the matter, routing, attachments and the append-only timeline."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import BilingualName, Community, Department, Grid, GridTier, Platform, Zone

MAX_REPRESENTATIVES = 5


class Channel(models.TextChoices):
    VISIT = "visit", _("Walk-in visit")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone call")
    WEB = "web", _("Web (QR code form)")
    PATROL = "patrol", _("Found on a visit or grid patrol")
    SCREENING = "screening", _("Found by risk screening")


class Category(models.TextChoices):
    """The three categories of the 2022 Regulation on Petition Work."""

    SUGGESTION = "suggestion", _("Suggestion or opinion")
    MISCONDUCT = "misconduct", _("Report of misconduct")
    RELIEF = "relief", _("Request for relief")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    REPLIED = "replied", _("Replied")
    UNDER_REVIEW = "under_review", _("Under review")
    UNDER_REREVIEW = "under_rereview", _("Under re-review")
    CLOSED = "closed", _("Closed")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    NOT_ACCEPTED_AGAIN = "not_accepted_again", _("Not accepted again")


OPEN_STATUSES = [
    Status.REGISTERED,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.REPLIED,
    Status.UNDER_REVIEW,
    Status.UNDER_REREVIEW,
]
# Not-accepted matters are registered only: they leave queues and handling statistics.
NOT_ACCEPTED_STATUSES = [Status.NOT_ACCEPTED, Status.NOT_ACCEPTED_AGAIN]


# Where a case is being worked on: the queues show these by default.
WORK_STATUSES = [Status.ASSIGNED, Status.IN_PROGRESS, Status.UNDER_REVIEW, Status.UNDER_REREVIEW]


class NotAcceptedReason(models.TextChoices):
    """Why a matter is registered only (不予受理 / 不再受理)."""

    LEGAL_PROCEDURE = "legal_procedure", _("Belongs to the courts, arbitration or another legal procedure")
    LEVEL_SKIPPING = "level_skipping", _("Skipped a level")
    BEING_HANDLED = "being_handled", _("Already being handled")
    REREVIEWED = "rereviewed", _("Already through re-review")


class Outcome(models.TextChoices):
    """The outcome of handling in the written reply (信访处理意见书)."""

    UPHELD = "upheld", _("Upheld")
    EXPLAINED = "explained", _("Explained")
    NOT_UPHELD = "not_upheld", _("Not upheld")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically", _("Basically satisfied")
    NOT_SATISFIED = "not_satisfied", _("Not satisfied")


class ExtensionStatus(models.TextChoices):
    NONE = "", _("None")
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "", _("Not stated")


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
    """A person who petitions. The ID number is kept only as a keyed hash and its last four characters."""

    name = models.CharField(_("name"), max_length=50)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True, default="")
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    id_number_hash = models.CharField(_("ID number (keyed hash)"), max_length=64, blank=True, db_index=True)
    id_number_last4 = models.CharField(_("ID number (last four)"), max_length=4, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    workplace = models.CharField(_("workplace"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("petitioner")
        verbose_name_plural = _("petitioners")

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id_number(self) -> str:
        """What staff see of the ID number: never more than its last four characters."""
        if not self.id_number_last4:
            return ""
        return "*" * 14 + self.id_number_last4


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

    # Triage and handling (cases.handling.services writes these; the clock's dates are in days).
    not_accepted_reason = models.CharField(
        _("reason not accepted"), max_length=20, choices=NotAcceptedReason.choices, blank=True
    )
    routed_at = models.DateTimeField(_("transferred at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    # The newest written answer (reply, review or re-review opinion): the petitioner's windows count from it.
    answered_at = models.DateTimeField(_("last answered at"), null=True, blank=True)
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
            models.Index(fields=["status", "received_at"], name="case_status_received"),
            models.Index(fields=["lead_department", "status"], name="case_dept_status"),
            models.Index(fields=["community", "status"], name="case_community_status"),
            models.Index(fields=["grid", "status"], name="case_grid_status"),
            models.Index(fields=["platform", "received_at"], name="case_platform_received"),
            models.Index(fields=["received_at", "channel"], name="case_received_channel"),
            models.Index(fields=["status", "due_on"], name="case_status_due"),
            models.Index(fields=["lead_department", "due_on"], name="case_dept_due"),
        ]
        constraints = [
            models.CheckConstraint(name="case_headcount_positive", condition=Q(headcount__gte=1)),
            models.CheckConstraint(
                name="case_review_level_0_to_2",
                condition=Q(review_level__gte=0) & Q(review_level__lte=2),
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
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CasePetitioner(models.Model):
    """A petitioner on a case. Positions 1..5 make the five-representative limit a database rule."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_petitioners", verbose_name=_("case"))
    petitioner = models.ForeignKey(
        Petitioner, on_delete=models.PROTECT, related_name="case_links", verbose_name=_("petitioner")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), validators=[MinValueValidator(1), MaxValueValidator(MAX_REPRESENTATIVES)]
    )

    class Meta:
        verbose_name = _("petitioner on case")
        verbose_name_plural = _("petitioners on case")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "position"], name="case_petitioner_position_unique"),
            models.UniqueConstraint(fields=["case", "petitioner"], name="case_petitioner_once"),
            models.CheckConstraint(
                name="case_petitioner_at_most_five",
                condition=Q(position__gte=1) & Q(position__lte=MAX_REPRESENTATIVES),
                violation_error_message=_("A case has at most five representatives."),
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


# The dashboard's rollup lives in its own module too (cases.dashboard.cube keeps it exact).
from .dashboard.models import (  # noqa: E402, F401
    DashboardCount,
    DashboardDirtyDay,
    DashboardMonthCount,
    DashboardPersonDay,
    DashboardSubjectDay,
)

# The outbox and the reminder ledger live in their own module; importing them here registers them.
from .notifications.models import Clock, Notification, Reminder  # noqa: E402, F401
