"""The mediation pages' forms: each carries the mediation's version it was rendered with."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms.actions import ActionForm
from core.forms import BootstrapFormMixin
from core.validation import validate_phone, validate_recorded_day

from .models import Agreement, Committee, Consent, DisputeType, Mediator, ParticipantRole, Party, Ruling, Signature

TEXTAREA = {"rows": 3}


def _day(label, **kwargs):
    return forms.DateField(
        label=label, widget=forms.DateInput(attrs={"type": "date"}), validators=[validate_recorded_day], **kwargs
    )


class ReferForm(ActionForm):
    """The case action: which committee, the type of dispute, the other party."""

    committee = forms.ModelChoiceField(
        label=_("Mediation committee"),
        queryset=Committee.objects.all(),
        required=False,
        help_text=_("Left empty: the committee of the case's community, or the town's."),
    )
    dispute_type = forms.ChoiceField(label=_("Type of dispute"), choices=DisputeType.choices)
    other_party = forms.CharField(label=_("The other party"), max_length=100)
    other_party_phone = forms.CharField(
        label=_("Their phone"), max_length=20, required=False, validators=[validate_phone]
    )
    note = forms.CharField(
        label=_("What the mediators should know"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.case.community_id:
            own = Committee.objects.filter(community_id=self.case.community_id).first()
            if own is not None:
                self.fields["committee"].initial = own.pk


class VersionForm(BootstrapFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, mediation, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("version", mediation.version)
        super().__init__(*args, **kwargs)
        self.mediation = mediation

    def service_arguments(self) -> dict:
        values = dict(self.cleaned_data)
        values["expected_version"] = values.pop("version")
        return values


class OpenForm(BootstrapFormMixin, forms.Form):
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.none())
    origin = forms.ChoiceField(
        label=_("Opened on"),
        choices=[("application", _("A party's application")), ("initiative", _("The committee's own initiative"))],
    )
    dispute_type = forms.ChoiceField(label=_("Type of dispute"), choices=DisputeType.choices)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    summary = forms.CharField(
        label=_("What the dispute is about"), max_length=5000, required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    is_public = forms.BooleanField(label=_("Held in public, as the parties ask"), required=False)
    party_1 = forms.CharField(label=_("First party"), max_length=100)
    party_1_phone = forms.CharField(label=_("Phone"), max_length=20, required=False, validators=[validate_phone])
    party_2 = forms.CharField(label=_("Second party"), max_length=100)
    party_2_phone = forms.CharField(label=_("Phone"), max_length=20, required=False, validators=[validate_phone])
    party_2_kind = forms.ChoiceField(label=_("Second party is"), choices=Party.Kind.choices)
    party_2_representative = forms.CharField(label=_("Represented by"), max_length=100, required=False)

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees

    def service_arguments(self) -> dict:
        d = self.cleaned_data
        return {
            "committee": d["committee"],
            "origin": d["origin"],
            "dispute_type": d["dispute_type"],
            "subject": d["subject"],
            "summary": d["summary"],
            "is_public": d["is_public"],
            "parties": [
                {"name": d["party_1"], "phone": d["party_1_phone"]},
                {
                    "name": d["party_2"],
                    "phone": d["party_2_phone"],
                    "kind": d["party_2_kind"],
                    "representative": d["party_2_representative"],
                },
            ],
        }


class ConsentForm(VersionForm):
    party = forms.ModelChoiceField(label=_("Party"), queryset=Party.objects.none())
    consent = forms.ChoiceField(
        label=_("Answer"), choices=[(Consent.GIVEN, Consent.GIVEN.label), (Consent.REFUSED, Consent.REFUSED.label)]
    )
    reason = forms.CharField(label=_("Reason for refusing"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(mediation=self.mediation, consent=Consent.PENDING)


class ParticipantForm(VersionForm):
    role = forms.ModelChoiceField(label=_("Role"), queryset=ParticipantRole.objects.all())
    name = forms.CharField(label=_("Name"), max_length=100)
    organisation = forms.CharField(label=_("Organisation"), max_length=100, required=False)
    parties_consent = forms.BooleanField(label=_("Every party agrees to this person taking part"), required=True)


class SessionForm(VersionForm):
    held_on = _day(_("Held on"))
    place = forms.CharField(label=_("Place"), max_length=200)
    attendees = forms.CharField(label=_("Who came"), max_length=500)
    record = forms.CharField(
        label=_("Written record (调解笔录)"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    may_escalate = forms.BooleanField(label=_("May turn into a public-order or criminal case"), required=False)
    reported_to_police_by = forms.CharField(label=_("Reported to the police by"), max_length=100, required=False)
    reported_to_police_at = forms.DateTimeField(
        label=_("Reported at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        validators=[validate_recorded_day],
    )


class MediatorsForm(VersionForm):
    mediators = forms.ModelMultipleChoiceField(
        label=_("Mediators"), queryset=Mediator.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    chosen_by_parties = forms.BooleanField(
        label=_("Chosen by the parties (otherwise appointed by the committee)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediators"].queryset = Mediator.objects.filter(
            committee_id=self.mediation.committee_id, is_active=True
        )


TERM_ROWS = 3


class AgreementForm(VersionForm):
    form = forms.ChoiceField(label=_("Form"), choices=Agreement.Form.choices)
    reached_on = _day(_("Reached on"))
    main_facts = forms.CharField(
        label=_("Main facts"), max_length=5000, required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    points_in_dispute = forms.CharField(
        label=_("Points in dispute"), max_length=5000, required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    responsibilities = forms.CharField(
        label=_("Each party's responsibility"), max_length=5000, required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    performance = forms.CharField(
        label=_("How and by when the terms are carried out"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    oral_record = forms.CharField(
        label=_("Record of an oral agreement"), max_length=5000, required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parties = Party.objects.filter(mediation=self.mediation)
        for i in range(1, TERM_ROWS + 1):
            self.fields[f"term_{i}"] = forms.CharField(label=_("Term %(n)d") % {"n": i}, max_length=500, required=False)
            self.fields[f"term_{i}_obligor"] = forms.ModelChoiceField(
                label=_("Who does it"), queryset=parties, required=False
            )
            self.fields[f"term_{i}_due_on"] = _day(_("By"), required=False)

    def term_rows(self):
        return [
            (self[f"term_{i}"], self[f"term_{i}_obligor"], self[f"term_{i}_due_on"]) for i in range(1, TERM_ROWS + 1)
        ]

    def service_arguments(self) -> dict:
        values = super().service_arguments()
        terms = []
        for i in range(1, TERM_ROWS + 1):
            text = values.pop(f"term_{i}")
            obligor, due_on = values.pop(f"term_{i}_obligor"), values.pop(f"term_{i}_due_on")
            if text:
                terms.append({"text": text, "obligor": obligor, "due_on": due_on})
        values["terms"] = terms
        return values


class SignatureForm(VersionForm):
    signer = forms.ChoiceField(
        label=_("Who"),
        choices=[("party", _("A party")), ("mediator", _("The mediator")), ("seal", _("The committee's seal"))],
    )
    party = forms.ModelChoiceField(label=_("Party"), queryset=Party.objects.none(), required=False)
    method = forms.ChoiceField(label=_("How"), choices=Signature.Method.choices)
    mediator_name = forms.CharField(label=_("Mediator's name"), max_length=50, required=False)
    signed_on = _day(_("On"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(mediation=self.mediation)


class TermForm(VersionForm):
    term = forms.ModelChoiceField(label=_("Term"), queryset=None)
    performed_on = _day(_("Performed on"))

    def __init__(self, *args, **kwargs):
        from .models import AgreementTerm

        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = AgreementTerm.objects.filter(
            agreement__mediation=self.mediation, performed_on__isnull=True
        )


class VisitForm(VersionForm):
    visited_on = _day(_("Visited on"))
    visitor = forms.CharField(label=_("Who visited"), max_length=100)
    finding = forms.CharField(label=_("What was found"), max_length=2000, widget=forms.Textarea(attrs=TEXTAREA))


class DisputeForm(VersionForm):
    note = forms.CharField(
        label=_("What the dispute over performance is"), max_length=2000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    route = forms.CharField(
        label=_("Route the parties were told of"), max_length=100, initial=_("A lawsuit at the people's court")
    )
    recorded_on = _day(_("Recorded on"))


class ConfirmationForm(VersionForm):
    applied_on = _day(_("Applied for on"))
    court = forms.CharField(label=_("Court"), max_length=100, initial=_("Minhang District People's Court"))


class RulingForm(VersionForm):
    ruling = forms.ChoiceField(
        label=_("Ruling"), choices=[(Ruling.VALID, Ruling.VALID.label), (Ruling.REJECTED, Ruling.REJECTED.label)]
    )
    ruled_on = _day(_("Ruled on"))


class FailForm(VersionForm):
    reason = forms.CharField(label=_("Why it failed"), max_length=2000, widget=forms.Textarea(attrs=TEXTAREA))
    told_arbitration = forms.BooleanField(label=_("Told of arbitration"), required=False)
    told_administrative = forms.BooleanField(label=_("Told of the administrative route"), required=False)
    told_court = forms.BooleanField(label=_("Told of the court"), required=False)
