"""A mediation: how it was opened, its parties and their consent, who takes part, its sessions and its events."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .registers import Committee, Mediator, ParticipantRole


class Origin(models.TextChoices):
    APPLICATION = "application", _("A party's application")
    INITIATIVE = "initiative", _("The committee's own initiative")
    CASE = "case", _("Referred from a petition case")


class DisputeType(models.TextChoices):
    NEIGHBOURS = "neighbours", _("Neighbours")
    FAMILY = "family", _("Marriage and family")
    PROPERTY = "property", _("Property management")
    TENANCY = "tenancy", _("Housing and tenancy")
    LABOUR = "labour", _("Labour and wages")
    DEBT = "debt", _("Debts and contracts")
    DAMAGE = "damage", _("Damage and injury")
    LAND = "land", _("Land and village affairs")
    CONSTRUCTION = "construction", _("Unauthorised building")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    OPENED = "opened", _("Waiting for the parties' consent")
    REFUSED = "refused", _("Refused by a party")
    UNDER_WAY = "under_way", _("Under way")
    AGREED = "agreed", _("Agreement in effect")
    FAILED = "failed", _("Failed")


OPEN_STATUSES = (Status.OPENED, Status.UNDER_WAY)


class Mediation(models.Model):
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="mediations", verbose_name=_("committee")
    )
    number = models.CharField(_("number"), max_length=30, unique=True)
    origin = models.CharField(_("opened on"), max_length=12, choices=Origin.choices)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mediations",
        verbose_name=_("petition case"),
    )
    dispute_type = models.CharField(_("type of dispute"), max_length=15, choices=DisputeType.choices)
    subject = models.CharField(_("subject"), max_length=200)
    summary = models.TextField(_("what the dispute is about"), max_length=5000, blank=True)
    is_public = models.BooleanField(_("held in public"), default=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPENED)
    mediators = models.ManyToManyField(Mediator, related_name="mediations", blank=True, verbose_name=_("mediators"))
    mediators_chosen_by_parties = models.BooleanField(_("mediators chosen by the parties"), default=False)
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_reason = models.TextField(_("reason it ended"), max_length=2000, blank=True)
    told_arbitration = models.BooleanField(_("told of arbitration"), default=False)
    told_administrative = models.BooleanField(_("told of the administrative route"), default=False)
    told_court = models.BooleanField(_("told of the court"), default=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("mediation")
        verbose_name_plural = _("mediations")
        ordering = ["-opened_at", "-pk"]
        permissions = [("conduct_mediation", "Conduct people's mediations")]
        indexes = [
            models.Index(fields=["committee", "status", "opened_at"], name="mediation_committee_status"),
            models.Index(fields=["opened_at"], name="mediation_opened"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Consent(models.TextChoices):
    PENDING = "pending", _("Not asked yet")
    GIVEN = "given", _("Agrees to mediation")
    REFUSED = "refused", _("Refuses mediation")


class Party(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    representative = models.CharField(_("represented by"), max_length=100, blank=True)
    consent = models.CharField(_("consent"), max_length=10, choices=Consent.choices, default=Consent.PENDING)
    consent_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    refusal_reason = models.CharField(_("reason for refusing"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["mediation", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    """Someone invited in with every party's consent (art. 20): a relative, a neighbour, an expert..."""

    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="participants")
    role = models.ForeignKey(ParticipantRole, on_delete=models.PROTECT, related_name="+", verbose_name=_("role"))
    name = models.CharField(_("name"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=100, blank=True)
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)

    class Meta:
        verbose_name = _("invited participant")
        verbose_name_plural = _("invited participants")
        ordering = ["mediation", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class Session(models.Model):
    """One sitting, with the written record the mediator keeps (调解笔录, art. 27)."""

    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200)
    attendees = models.CharField(_("who came"), max_length=500)
    record = models.TextField(_("written record (调解笔录)"), max_length=10000)
    may_escalate = models.BooleanField(_("may turn into a public-order or criminal case"), default=False)
    reported_to_police_by = models.CharField(_("reported to the police by"), max_length=100, blank=True)
    reported_to_police_at = models.DateTimeField(_("reported to the police at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["mediation", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.place}"


class MediationEvent(models.Model):
    """Append-only: every step of a mediation, status changes included."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened")
        CONSENT = "consent", _("Consent recorded")
        REFUSED = "refused", _("Refused: no mediation")
        STARTED = "started", _("Every party agreed: under way")
        MEDIATORS = "mediators", _("Mediators chosen or appointed")
        PARTICIPANT = "participant", _("Participant invited")
        SESSION = "session", _("Session held")
        POLICE = "police", _("Reported to the police")
        AGREEMENT = "agreement", _("Agreement drafted")
        SIGNATURE = "signature", _("Signature recorded")
        EFFECTIVE = "effective", _("Agreement in effect")
        TERM = "term", _("Term performed")
        VISIT = "visit", _("Return visit")
        DISPUTE = "dispute", _("Dispute over performance")
        CONFIRMATION = "confirmation", _("Judicial confirmation")
        FAILED = "failed", _("Ended without agreement")

    mediation = models.ForeignKey(Mediation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    old_status = models.CharField(max_length=12, blank=True)
    new_status = models.CharField(max_length=12, blank=True)
    note = models.TextField(max_length=2000, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("mediation event")
        verbose_name_plural = _("mediation events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.mediation_id} {self.kind}"
