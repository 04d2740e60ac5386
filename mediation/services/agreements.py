"""The agreement: drafted, signed, in effect; its terms performed, return visits, a dispute over performance,
and the judicial confirmation."""

from collections.abc import Iterable
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.linked import record_linked_step

from ..models import Agreement, AgreementTerm, MediationEvent, Party, ReturnVisit, Ruling, Signature, Status
from ..rules import agreement_problems, confirmation_window_ends, effective_on
from ..steps import AGREED
from .common import guard, in_town_language, required, step

NOT_UNDER_WAY = gettext_lazy("An agreement is made while the mediation is under way.")
NOT_AGREED = gettext_lazy("This step follows an agreement in effect.")


def _take_effect_if_complete(*, agreement: Agreement, by, at) -> bool:
    mediation = agreement.mediation
    parties = list(mediation.parties.all())
    signatures = list(agreement.signatures.all())
    terms = list(agreement.terms.all())
    day = effective_on(agreement, parties=parties, signatures=signatures, terms=terms)
    if day is None:
        return False
    Agreement.objects.filter(pk=agreement.pk).update(effective_on=day)
    agreement.effective_on = day
    note = in_town_language(lambda: _("In effect from %(date)s") % {"date": formats.date_format(day)})
    step(mediation=mediation, by=by, kind=MediationEvent.Kind.EFFECTIVE, to_status=Status.AGREED, note=note, at=at)
    if mediation.case_id:
        record_linked_step(
            case=mediation.case, by=by, code=AGREED, note=f"{mediation.number}: {note}", is_public=True, at=at
        )
    return True


def agreement_draft(
    *,
    mediation,
    by: AbstractBaseUser | None,
    form: str,
    reached_on: date,
    terms: Iterable[dict] = (),
    main_facts: str = "",
    points_in_dispute: str = "",
    responsibilities: str = "",
    performance: str = "",
    oral_record: str = "",
    mediator_name: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Agreement:
    """The agreement reached. An oral one is in effect at once; a written one when every signature is on it."""
    guard(
        mediation=mediation,
        by=by,
        expected_version=expected_version,
        allowed=(Status.UNDER_WAY,),
        message=NOT_UNDER_WAY,
    )
    if hasattr(mediation, "agreement"):
        raise ValidationError(_("This mediation already has its agreement."), code="state")
    terms = [t for t in terms if (t.get("text") or "").strip()]
    parties = {p.pk: p for p in mediation.parties.all()}
    for term in terms:
        if term.get("obligor") is None or term["obligor"].pk not in parties or term.get("due_on") is None:
            raise ValidationError({"terms": _("Each term says who carries it out (a party) and by when.")})
    agreement = Agreement(
        mediation=mediation,
        form=form,
        reached_on=reached_on,
        main_facts=main_facts.strip(),
        points_in_dispute=points_in_dispute.strip(),
        responsibilities=responsibilities.strip(),
        performance=performance.strip(),
        oral_record=oral_record.strip(),
        mediator_name=mediator_name.strip(),
        created_by=by,
    )
    # The fields the law asks for are asked now; only the signatures may come later.
    later = {_("The mediator has not signed it."), _("The committee's seal is not on it.")}
    missing = [p for p in agreement_problems(agreement, parties=[], signatures=[], terms=terms) if p not in later]
    if missing:
        raise ValidationError(missing)
    with transaction.atomic():
        agreement.save()
        AgreementTerm.objects.bulk_create(
            AgreementTerm(
                agreement=agreement, position=i, text=t["text"].strip()[:500], obligor=t["obligor"], due_on=t["due_on"]
            )
            for i, t in enumerate(terms, start=1)
        )
        step(
            mediation=mediation,
            by=by,
            kind=MediationEvent.Kind.AGREEMENT,
            note=in_town_language(agreement.get_form_display),
            at=at,
        )
        if not agreement.is_written:
            _take_effect_if_complete(agreement=agreement, by=by, at=at)
    return agreement


def agreement_sign(
    *,
    agreement: Agreement,
    by: AbstractBaseUser | None,
    signer: str,
    signed_on: date,
    party: Party | None = None,
    method: str = Signature.Method.SIGN,
    mediator_name: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Agreement:
    """One signature on a written agreement: a party's ("party"), the mediator's ("mediator"), the committee's
    seal ("seal"). When the last is on, it takes effect on the latest of their days."""
    mediation = agreement.mediation
    guard(
        mediation=mediation,
        by=by,
        expected_version=expected_version,
        allowed=(Status.UNDER_WAY,),
        message=NOT_UNDER_WAY,
    )
    if not agreement.is_written:
        raise ValidationError(_("An oral agreement is not signed: it is in effect the day it is reached."))
    if signed_on < agreement.reached_on:
        raise ValidationError({"signed_on": _("A signature comes on or after the day the agreement was reached.")})
    with transaction.atomic():
        if signer == "party":
            if party is None or party.mediation_id != mediation.pk:
                raise ValidationError({"party": _("Choose a party to this mediation.")})
            _sig, created = Signature.objects.get_or_create(
                agreement=agreement, party=party, defaults={"method": method, "signed_on": signed_on}
            )
            if not created:
                raise ValidationError({"party": _("%(name)s has already signed.") % {"name": party.name}})
            who = party.name
        elif signer == "mediator":
            name = required(mediator_name, "mediator_name", _("Name the mediator who signed."))
            Agreement.objects.filter(pk=agreement.pk).update(mediator_signed_on=signed_on, mediator_name=name)
            agreement.mediator_signed_on, agreement.mediator_name, who = signed_on, name, name
        elif signer == "seal":
            Agreement.objects.filter(pk=agreement.pk).update(sealed_on=signed_on)
            agreement.sealed_on, who = signed_on, str(mediation.committee)
        else:
            raise ValidationError({"signer": _("Say who signed.")})
        step(mediation=mediation, by=by, kind=MediationEvent.Kind.SIGNATURE, note=f"{who} {signed_on}", at=at)
        _take_effect_if_complete(agreement=agreement, by=by, at=at)
    return agreement


def term_performed(
    *,
    term: AgreementTerm,
    by: AbstractBaseUser | None,
    performed_on: date,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> AgreementTerm:
    mediation = term.agreement.mediation
    guard(mediation=mediation, by=by, expected_version=expected_version, allowed=(Status.AGREED,), message=NOT_AGREED)
    if term.performed_on is not None:
        raise ValidationError(_("This term is already recorded as performed."))
    if performed_on < term.agreement.reached_on:
        raise ValidationError({"performed_on": _("A term is performed after the agreement was reached.")})
    with transaction.atomic():
        AgreementTerm.objects.filter(pk=term.pk).update(performed_on=performed_on)
        term.performed_on = performed_on
        step(mediation=mediation, by=by, kind=MediationEvent.Kind.TERM, note=term.text[:200], at=at)
    return term


def return_visit_record(
    *,
    agreement: Agreement,
    by: AbstractBaseUser | None,
    visited_on: date,
    visitor: str,
    finding: str,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> ReturnVisit:
    mediation = agreement.mediation
    guard(mediation=mediation, by=by, expected_version=expected_version, allowed=(Status.AGREED,), message=NOT_AGREED)
    visitor = required(visitor, "visitor", _("Say who visited."))
    finding = required(finding, "finding", _("Write what the visit found."))
    with transaction.atomic():
        visit = ReturnVisit.objects.create(agreement=agreement, visited_on=visited_on, visitor=visitor, finding=finding)
        step(mediation=mediation, by=by, kind=MediationEvent.Kind.VISIT, note=finding[:200], at=at)
    return visit


def agreement_dispute(
    *,
    agreement: Agreement,
    by: AbstractBaseUser | None,
    note: str,
    route: str,
    recorded_on: date,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Agreement:
    """A dispute over performing the agreement (art. 32): a party may go to court."""
    mediation = agreement.mediation
    guard(mediation=mediation, by=by, expected_version=expected_version, allowed=(Status.AGREED,), message=NOT_AGREED)
    note = required(note, "note", _("Write what the dispute is."))
    route = required(route, "route", _("Say the route the parties were told of."))
    with transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(
            dispute_note=note, dispute_route=route, dispute_recorded_on=recorded_on
        )
        agreement.dispute_note, agreement.dispute_route, agreement.dispute_recorded_on = note, route, recorded_on
        step(mediation=mediation, by=by, kind=MediationEvent.Kind.DISPUTE, note=f"{route}: {note}"[:2000], at=at)
    return agreement


def confirmation_apply(
    *,
    agreement: Agreement,
    by: AbstractBaseUser | None,
    applied_on: date,
    court: str,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Agreement:
    """The parties' joint application to the court, within 30 days of the agreement taking effect."""
    mediation = agreement.mediation
    guard(mediation=mediation, by=by, expected_version=expected_version, allowed=(Status.AGREED,), message=NOT_AGREED)
    court = required(court, "court", _("Name the court applied to."))
    if agreement.ruling:
        raise ValidationError(_("The application is already recorded."))
    last = confirmation_window_ends(agreement.effective_on)
    if not agreement.effective_on <= applied_on <= last:
        raise ValidationError(
            {
                "applied_on": _("The joint application is made from %(start)s to %(end)s.")
                % {"start": formats.date_format(agreement.effective_on), "end": formats.date_format(last)}
            }
        )
    with transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(
            confirmation_applied_on=applied_on, court=court, ruling=Ruling.PENDING
        )
        agreement.confirmation_applied_on, agreement.court, agreement.ruling = applied_on, court, Ruling.PENDING
        step(mediation=mediation, by=by, kind=MediationEvent.Kind.CONFIRMATION, note=court, at=at)
    return agreement


def confirmation_rule(
    *,
    agreement: Agreement,
    by: AbstractBaseUser | None,
    ruling: str,
    ruled_on: date,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Agreement:
    mediation = agreement.mediation
    guard(mediation=mediation, by=by, expected_version=expected_version, allowed=(Status.AGREED,), message=NOT_AGREED)
    if agreement.ruling != Ruling.PENDING:
        raise ValidationError(_("Record the application before the court's ruling."))
    if ruling not in (Ruling.VALID, Ruling.REJECTED):
        raise ValidationError({"ruling": _("The court rules the agreement valid or rejects the application.")})
    if ruled_on < agreement.confirmation_applied_on:
        raise ValidationError({"ruled_on": _("The ruling comes after the application.")})
    with transaction.atomic():
        Agreement.objects.filter(pk=agreement.pk).update(ruling=ruling, ruled_on=ruled_on)
        agreement.ruling, agreement.ruled_on = ruling, ruled_on
        step(
            mediation=mediation,
            by=by,
            kind=MediationEvent.Kind.CONFIRMATION,
            note=in_town_language(agreement.get_ruling_display),
            at=at,
        )
    return agreement
