"""The agreement (调解协议书, or an oral one: arts. 28-30), its signatures, terms, return visits and confirmation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .mediation import Mediation, Party


class Ruling(models.TextChoices):
    NONE = "", _("Not applied for")
    PENDING = "pending", _("Applied for, waiting for the court")
    VALID = "valid", _("Confirmed valid: enforceable")
    REJECTED = "rejected", _("Application rejected")


class Agreement(models.Model):
    class Form(models.TextChoices):
        WRITTEN = "written", _("Written agreement (调解协议书)")
        ORAL = "oral", _("Oral agreement")

    mediation = models.OneToOneField(Mediation, on_delete=models.CASCADE, related_name="agreement")
    form = models.CharField(_("form"), max_length=10, choices=Form.choices, default=Form.WRITTEN)
    reached_on = models.DateField(_("reached on"))
    main_facts = models.TextField(_("main facts"), max_length=5000, blank=True)
    points_in_dispute = models.TextField(_("points in dispute"), max_length=5000, blank=True)
    responsibilities = models.TextField(_("each party's responsibility"), max_length=5000, blank=True)
    performance = models.TextField(_("how and by when the terms are carried out"), max_length=3000, blank=True)
    oral_record = models.TextField(_("the mediator's record of the oral agreement"), max_length=5000, blank=True)
    mediator_signed_on = models.DateField(_("mediator signed on"), null=True, blank=True)
    mediator_name = models.CharField(_("mediator who signed"), max_length=50, blank=True)
    sealed_on = models.DateField(_("committee's seal on"), null=True, blank=True)
    effective_on = models.DateField(_("in effect from"), null=True, blank=True)
    # Judicial confirmation (司法确认, art. 33).
    confirmation_applied_on = models.DateField(_("confirmation applied for on"), null=True, blank=True)
    court = models.CharField(_("court"), max_length=100, blank=True)
    ruling = models.CharField(_("ruling"), max_length=10, choices=Ruling.choices, blank=True, default=Ruling.NONE)
    ruled_on = models.DateField(_("ruled on"), null=True, blank=True)
    # A dispute over performance (art. 32): its route.
    dispute_note = models.TextField(_("dispute over performance"), max_length=2000, blank=True)
    dispute_route = models.CharField(_("route"), max_length=100, blank=True)
    dispute_recorded_on = models.DateField(_("dispute recorded on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("mediation agreement")
        verbose_name_plural = _("mediation agreements")

    def __str__(self) -> str:
        return f"{self.mediation.number} · {self.get_form_display()}"

    @property
    def is_written(self) -> bool:
        return self.form == self.Form.WRITTEN


class Signature(models.Model):
    class Method(models.TextChoices):
        SIGN = "sign", _("Signed")
        SEAL = "seal", _("Sealed")
        FINGERPRINT = "fingerprint", _("Fingerprinted")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="signatures")
    method = models.CharField(_("how"), max_length=12, choices=Method.choices, default=Method.SIGN)
    signed_on = models.DateField(_("on"))

    class Meta:
        verbose_name = _("party's signature")
        verbose_name_plural = _("parties' signatures")
        constraints = [models.UniqueConstraint(fields=["agreement", "party"], name="mediation_signature_once")]

    def __str__(self) -> str:
        return f"{self.party} {self.signed_on}"


class AgreementTerm(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="terms")
    text = models.CharField(_("term"), max_length=500)
    obligor = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="terms", verbose_name=_("who does it"))
    due_on = models.DateField(_("due on"))
    performed_on = models.DateField(_("performed on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["agreement", "position", "pk"]
        indexes = [models.Index(fields=["due_on", "performed_on"], name="mediation_term_due")]

    def __str__(self) -> str:
        return self.text

    @property
    def on_time(self) -> bool:
        return self.performed_on is not None and self.performed_on <= self.due_on


class ReturnVisit(models.Model):
    """The committee's 回访: how the agreement is being carried out (art. 31)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    visitor = models.CharField(_("who visited"), max_length=100)
    finding = models.TextField(_("what was found"), max_length=2000)

    class Meta:
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")
        ordering = ["agreement", "visited_on", "pk"]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.visitor}"
