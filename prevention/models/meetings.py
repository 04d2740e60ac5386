"""Meetings (four-in-one, petition, stability, special coordination, joint), their agenda and follow-up actions."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from grids.models import BilingualName, Community

from .roster import RosterPerson
from .screening import RiskItem


class MeetingKind(BilingualName):
    """社区"四位一体", 信访例会, 稳定例会, 专题协调会, 联席会议: data, seeded once."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("meeting kind")
        verbose_name_plural = _("meeting kinds")
        ordering = ["sort_order", "code"]


class Meeting(models.Model):
    kind = models.ForeignKey(MeetingKind, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("kind"))
    title = models.CharField(_("title"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=120)
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("community"),
        help_text=_("Empty for a town meeting."),
    )
    convenor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("convenor")
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="prevention_meetings", blank=True, verbose_name=_("staff attending")
    )
    team = models.ManyToManyField(
        RosterPerson, related_name="meetings", blank=True, verbose_name=_("diverse-team members invited")
    )
    minutes = models.TextField(_("minutes"), max_length=20000, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """One point on the agenda: a case or a screening item. (Mediations can join later, the same way.)"""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("meeting"))
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("case")
    )
    risk = models.ForeignKey(
        RiskItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda",
        verbose_name=_("screening item"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="agenda_names_one_thing",
                condition=Q(case__isnull=False, risk__isnull=True) | Q(case__isnull=True, risk__isnull=False),
            ),
            models.UniqueConstraint(fields=["meeting", "case"], name="agenda_case_once"),
            models.UniqueConstraint(fields=["meeting", "risk"], name="agenda_risk_once"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.case_id or self.risk_id}"


class MeetingAction(models.Model):
    """A decision taken as a follow-up action: an owner, a due date, tracked to done."""

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        DONE = "done", _("Done")

    # Decided at a meeting, or what a council's outcome set in motion (one of the two).
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="actions", verbose_name=_("meeting")
    )
    council = models.ForeignKey(
        "prevention.Council",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("council"),
    )
    text = models.CharField(_("decision"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="prevention_actions", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_note = models.CharField(_("what was done"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="action_open_due")]
        constraints = [
            models.CheckConstraint(
                name="action_has_one_origin",
                condition=Q(meeting__isnull=False, council__isnull=True)
                | Q(meeting__isnull=True, council__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.text


class ActionReminder(models.Model):
    """The ledger of action reminders: one per action and due date."""

    action = models.ForeignKey(
        MeetingAction, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("action")
    )
    due_on = models.DateField(_("due"))
    sweep = models.CharField(_("sweep"), max_length=32, db_index=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("action reminder")
        verbose_name_plural = _("action reminders")
        constraints = [models.UniqueConstraint(fields=["action", "due_on"], name="action_reminder_once")]

    def __str__(self) -> str:
        return f"{self.action_id} @ {self.due_on}"


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class FeedToken(models.Model):
    """The secret in a person's iCalendar feed address; replacing it retires the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="prevention_feed", verbose_name=_("user")
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=_new_token)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user_id)
