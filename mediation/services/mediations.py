"""Opening a mediation (an application, the committee's initiative, a case referred), consent, participants,
sessions, and ending it without agreement."""

import secrets
from collections.abc import Iterable
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.linked import record_linked_step
from cases.models import Case
from cases.services.writes import guard as case_guard

from ..actions import REFER
from ..models import (
    Committee,
    Consent,
    Mediation,
    MediationEvent,
    Mediator,
    Origin,
    Participant,
    ParticipantRole,
    Party,
    Session,
    Status,
)
from ..policy import committees_visible_to
from ..steps import FAILED, OPENED, REFUSED
from .common import guard, in_town_language, required, step

NOT_OPEN = gettext_lazy("This mediation is no longer open: that step is not possible now.")


def _number(mediation: Mediation) -> str:
    return f"TJ{timezone.localdate(mediation.opened_at):%Y}-{mediation.pk:05d}"


def mediation_open(
    *,
    by: AbstractBaseUser | None,
    committee: Committee,
    origin: str,
    dispute_type: str,
    subject: str,
    parties: Iterable[dict],
    summary: str = "",
    is_public: bool = False,
    mediators: Iterable[Mediator] = (),
    mediators_chosen_by_parties: bool = False,
    case: Case | None = None,
    at: datetime | None = None,
    referred: bool = False,
) -> Mediation:
    """A new mediation with its parties (dicts of Party fields), waiting for each party's consent. `referred`:
    the case action's own rule (the case's lead or triager) has already decided who may open it."""
    at = at or timezone.now()
    if by is not None and not referred:
        if not by.has_perm("mediation.conduct_mediation"):
            raise PermissionDenied
        if not committees_visible_to(by).filter(pk=committee.pk).exists():
            raise PermissionDenied
    subject = required(subject, "subject", _("Say what the dispute is about."))
    parties = [p for p in parties if (p.get("name") or "").strip()]
    if len(parties) < 2:
        raise ValidationError({"parties": _("A dispute has at least two parties: name each of them.")})
    # Appointed by the committee (its chair) until the parties choose others (art. 19).
    mediators = list(mediators) or list(committee.mediators.filter(is_chair=True, is_active=True)[:1])
    if any(m.committee_id != committee.pk for m in mediators):
        raise ValidationError({"mediators": _("Choose mediators of this committee.")})
    if origin == Origin.CASE and case is None:
        raise ValidationError({"case": _("A referred mediation names its case.")})
    with transaction.atomic():
        mediation = Mediation.objects.create(
            committee=committee,
            number=secrets.token_hex(8),
            origin=origin,
            case=case,
            dispute_type=dispute_type,
            subject=subject,
            summary=summary,
            is_public=is_public,
            mediators_chosen_by_parties=mediators_chosen_by_parties,
            opened_at=at,
            opened_by=by,
        )
        mediation.number = _number(mediation)
        Mediation.objects.filter(pk=mediation.pk).update(number=mediation.number)
        Party.objects.bulk_create(
            Party(
                mediation=mediation,
                position=i,
                kind=p.get("kind") or Party.Kind.PERSON,
                name=p["name"].strip(),
                phone=p.get("phone", ""),
                address=p.get("address", ""),
                representative=p.get("representative", ""),
            )
            for i, p in enumerate(parties, start=1)
        )
        if mediators:
            mediation.mediators.set(mediators)
        MediationEvent.objects.create(
            mediation=mediation, kind=MediationEvent.Kind.OPENED, new_status=Status.OPENED, actor=by, at=at
        )
        if case is not None:
            record_linked_step(
                case=case, by=by, code=OPENED, note=f"{mediation.number} {committee}", is_public=True, at=at
            )
    return mediation


def _committee_for(case: Case) -> Committee | None:
    committee = Committee.objects.filter(community_id=case.community_id).first() if case.community_id else None
    return committee or Committee.objects.filter(level=Committee.Level.TOWN).first()


def mediation_refer_case(
    *,
    case: Case,
    by: AbstractBaseUser | None,
    committee: Committee | None = None,
    dispute_type: str,
    other_party: str,
    other_party_phone: str = "",
    note: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Case:
    """The case action "refer to mediation": the case keeps its status and its clock; the mediation opens
    with the case's petitioners and the other side as its parties, and shows on the case's timeline."""
    at = at or timezone.now()
    case_guard(case=case, by=by, action=REFER, expected_version=expected_version, at=at)
    committee = committee or _committee_for(case)
    if committee is None:
        raise ValidationError({"committee": _("No mediation committee is registered for this place.")})
    petitioners = [link.petitioner for link in case.case_petitioners.select_related("petitioner")]
    parties = [{"name": p.name, "phone": p.phone, "address": p.address} for p in petitioners]
    parties.append(
        {"name": required(other_party, "other_party", _("Name the other party.")), "phone": other_party_phone}
    )
    mediation_open(
        by=by,
        referred=True,
        committee=committee,
        origin=Origin.CASE,
        dispute_type=dispute_type,
        subject=str(case.subject or case.request)[:200],
        summary=note or case.what_happened,
        parties=parties,
        case=case,
        at=at,
    )
    return case


def consent_record(
    *,
    mediation: Mediation,
    party: Party,
    by: AbstractBaseUser | None,
    consent: str,
    reason: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Mediation:
    """One party's answer. A clear refusal ends the mediation before it starts (art. 17); when every party has
    agreed it is under way."""
    at = at or timezone.now()
    guard(
        mediation=mediation,
        by=by,
        expected_version=expected_version,
        allowed=(Status.OPENED,),
        message=_("Consent is asked before the mediation starts."),
    )
    if party.mediation_id != mediation.pk:
        raise ValidationError({"party": _("That person is not a party to this mediation.")})
    if consent not in (Consent.GIVEN, Consent.REFUSED):
        raise ValidationError({"consent": _("Record whether the party agrees or refuses.")})
    if consent == Consent.REFUSED:
        reason = required(reason, "reason", _("Write the reason the party gave for refusing."))
    with transaction.atomic():
        Party.objects.filter(pk=party.pk).update(consent=consent, consent_at=at, refusal_reason=reason)
        party.consent, party.consent_at, party.refusal_reason = consent, at, reason
        others = list(mediation.parties.exclude(pk=party.pk).values_list("consent", flat=True))
        if consent == Consent.REFUSED:
            step(
                mediation=mediation,
                by=by,
                kind=MediationEvent.Kind.REFUSED,
                to_status=Status.REFUSED,
                note=f"{party.name}: {reason}",
                changes={"ended_at": at, "end_reason": f"{party.name}: {reason}"},
                at=at,
            )
            if mediation.case_id:
                record_linked_step(case=mediation.case, by=by, code=REFUSED, note=f"{party.name}: {reason}", at=at)
        elif all(c == Consent.GIVEN for c in others):
            step(mediation=mediation, by=by, kind=MediationEvent.Kind.STARTED, to_status=Status.UNDER_WAY, at=at)
        else:
            step(mediation=mediation, by=by, kind=MediationEvent.Kind.CONSENT, note=party.name, at=at)
    return mediation


def participant_invite(
    *,
    mediation: Mediation,
    by: AbstractBaseUser | None,
    role: ParticipantRole,
    name: str,
    organisation: str = "",
    parties_consent: bool,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Participant:
    """Someone invited in (art. 20): only once every party has agreed to the mediation and to this person."""
    guard(mediation=mediation, by=by, expected_version=expected_version, allowed=(Status.UNDER_WAY,), message=NOT_OPEN)
    if not parties_consent:
        raise ValidationError({"parties_consent": _("Only with the parties' consent: ask them first.")})
    name = required(name, "name", _("Name the person invited."))
    with transaction.atomic():
        participant = Participant.objects.create(
            mediation=mediation, role=role, name=name, organisation=organisation, invited_at=at or timezone.now()
        )
        step(mediation=mediation, by=by, kind=MediationEvent.Kind.PARTICIPANT, note=f"{role}: {name}", at=at)
    return participant


def session_record(
    *,
    mediation: Mediation,
    by: AbstractBaseUser | None,
    held_on: date,
    place: str,
    attendees: str,
    record: str,
    may_escalate: bool = False,
    reported_to_police_by: str = "",
    reported_to_police_at: datetime | None = None,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Session:
    """A sitting and its written record; a dispute that may turn into a public-order or criminal case is
    reported to the police (art. 25): who reported it and when are recorded with it."""
    guard(mediation=mediation, by=by, expected_version=expected_version, allowed=(Status.UNDER_WAY,), message=NOT_OPEN)
    place = required(place, "place", _("Say where the session was held."))
    attendees = required(attendees, "attendees", _("Say who came."))
    record = required(record, "record", _("Write the record of the session."))
    if may_escalate and not (reported_to_police_by.strip() and reported_to_police_at):
        raise ValidationError(
            {
                "reported_to_police_by": _(
                    "A dispute that may turn into a public-order or criminal case is reported to the police: "
                    "say who reported it and when."
                )
            }
        )
    with transaction.atomic():
        session = Session.objects.create(
            mediation=mediation,
            held_on=held_on,
            place=place,
            attendees=attendees,
            record=record,
            may_escalate=may_escalate,
            reported_to_police_by=reported_to_police_by.strip() if may_escalate else "",
            reported_to_police_at=reported_to_police_at if may_escalate else None,
            recorded_by=by,
        )
        step(mediation=mediation, by=by, kind=MediationEvent.Kind.SESSION, note=place, at=at)
        if may_escalate:
            MediationEvent.objects.create(
                mediation=mediation,
                kind=MediationEvent.Kind.POLICE,
                note=reported_to_police_by.strip(),
                actor=by,
                at=reported_to_police_at,
            )
    return session


def mediation_fail(
    *,
    mediation: Mediation,
    by: AbstractBaseUser | None,
    reason: str,
    told_arbitration: bool = False,
    told_administrative: bool = False,
    told_court: bool = False,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Mediation:
    """Ended without agreement (art. 26): the reason and the routes the parties were told of; a case it came
    from reads the result on its timeline and goes on with its handler."""
    at = at or timezone.now()
    guard(
        mediation=mediation,
        by=by,
        expected_version=expected_version,
        allowed=(Status.OPENED, Status.UNDER_WAY),
        message=NOT_OPEN,
    )
    reason = required(reason, "reason", _("Write why the mediation failed."))
    if not (told_arbitration or told_administrative or told_court):
        raise ValidationError(
            {"told_court": _("Tell the parties of at least one route: arbitration, administrative or court.")}
        )
    with transaction.atomic():
        step(
            mediation=mediation,
            by=by,
            kind=MediationEvent.Kind.FAILED,
            to_status=Status.FAILED,
            note=reason,
            changes={
                "ended_at": at,
                "end_reason": reason,
                "told_arbitration": told_arbitration,
                "told_administrative": told_administrative,
                "told_court": told_court,
            },
            at=at,
        )
        if mediation.case_id:
            record_linked_step(
                case=mediation.case, by=by, code=FAILED, note=f"{mediation.number}: {reason}", is_public=True, at=at
            )
    return mediation


def mediators_assign(
    *,
    mediation: Mediation,
    by: AbstractBaseUser | None,
    mediators: Iterable[Mediator],
    chosen_by_parties: bool = False,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Mediation:
    """The mediators: chosen by the parties or appointed by the committee (art. 19)."""
    guard(
        mediation=mediation,
        by=by,
        expected_version=expected_version,
        allowed=(Status.OPENED, Status.UNDER_WAY),
        message=NOT_OPEN,
    )
    mediators = list(mediators)
    if not mediators or any(m.committee_id != mediation.committee_id for m in mediators):
        raise ValidationError({"mediators": _("Choose one or more mediators of this committee.")})
    with transaction.atomic():
        mediation.mediators.set(mediators)
        how = in_town_language(
            lambda: _("chosen by the parties") if chosen_by_parties else _("appointed by the committee")
        )
        step(
            mediation=mediation,
            by=by,
            kind=MediationEvent.Kind.MEDIATORS,
            note=f"{'、'.join(m.name for m in mediators)} ({how})",
            changes={"mediators_chosen_by_parties": chosen_by_parties},
            at=at,
        )
    return mediation
