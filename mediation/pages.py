"""The steps a mediation's page offers: each with its form, its service, and when it is possible. The page
shows only the steps possible now; the POST view refuses the others."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import forms, services
from .models import Agreement, Mediation, Ruling, Status
from .selectors import agreement_of


@dataclass(frozen=True)
class Step:
    name: str
    title: Promise
    form: type
    service: Callable
    statuses: tuple
    target: str = "mediation"  # what the service is called with: the mediation or its agreement
    when: Callable[[Mediation, Agreement | None], bool] = lambda m, a: True
    style: str = "primary"


def _pending_parties(m, a):
    return any(p.consent == "pending" for p in m.parties.all())


def _unperformed(m, a):
    return a is not None and any(t.performed_on is None for t in a.terms.all())


STEPS = {
    s.name: s
    for s in (
        Step(
            "consent",
            _("Record a party's consent"),
            forms.ConsentForm,
            services.consent_record,
            (Status.OPENED,),
            when=_pending_parties,
        ),
        Step(
            "mediators",
            _("Mediators"),
            forms.MediatorsForm,
            services.mediators_assign,
            (Status.OPENED, Status.UNDER_WAY),
            style="secondary",
        ),
        Step(
            "participant",
            _("Invite a participant"),
            forms.ParticipantForm,
            services.participant_invite,
            (Status.UNDER_WAY,),
            style="secondary",
        ),
        Step("session", _("Record a session"), forms.SessionForm, services.session_record, (Status.UNDER_WAY,)),
        Step(
            "agreement",
            _("Record the agreement"),
            forms.AgreementForm,
            services.agreement_draft,
            (Status.UNDER_WAY,),
            when=lambda m, a: a is None,
        ),
        Step(
            "sign",
            _("Record a signature or the seal"),
            forms.SignatureForm,
            services.agreement_sign,
            (Status.UNDER_WAY,),
            target="agreement",
            when=lambda m, a: a is not None and a.is_written,
        ),
        Step(
            "term",
            _("Record a term performed"),
            forms.TermForm,
            services.term_performed,
            (Status.AGREED,),
            target="none",
            when=_unperformed,
        ),
        Step(
            "visit",
            _("Record a return visit"),
            forms.VisitForm,
            services.return_visit_record,
            (Status.AGREED,),
            target="agreement",
            style="secondary",
        ),
        Step(
            "confirm",
            _("Judicial confirmation: the joint application"),
            forms.ConfirmationForm,
            services.confirmation_apply,
            (Status.AGREED,),
            target="agreement",
            when=lambda m, a: a is not None and not a.ruling,
            style="secondary",
        ),
        Step(
            "ruling",
            _("Judicial confirmation: the court's ruling"),
            forms.RulingForm,
            services.confirmation_rule,
            (Status.AGREED,),
            target="agreement",
            when=lambda m, a: a is not None and a.ruling == Ruling.PENDING,
        ),
        Step(
            "dispute",
            _("Record a dispute over performance"),
            forms.DisputeForm,
            services.agreement_dispute,
            (Status.AGREED,),
            target="agreement",
            when=lambda m, a: a is not None and not a.dispute_recorded_on,
            style="outline-danger",
        ),
        Step(
            "fail",
            _("End without agreement"),
            forms.FailForm,
            services.mediation_fail,
            (Status.OPENED, Status.UNDER_WAY),
            style="outline-danger",
        ),
    )
}


def steps_now(mediation: Mediation) -> list[Step]:
    agreement = agreement_of(mediation)
    return [s for s in STEPS.values() if mediation.status in s.statuses and s.when(mediation, agreement)]


def call(step: Step, *, mediation: Mediation, by, form):
    arguments = form.service_arguments()
    if step.target == "mediation":
        arguments["mediation"] = mediation
    elif step.target == "agreement":
        arguments["agreement"] = agreement_of(mediation)
    return step.service(by=by, **arguments)
