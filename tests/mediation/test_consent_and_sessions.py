"""Mediation is voluntary: a clear refusal by any party ends it before it starts; invited people need consent."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mediation.models import Consent, MediationEvent, ParticipantRole, Status
from mediation.services import consent_record, mediation_fail, participant_invite, session_record

from .conftest import open_mediation, under_way

pytestmark = pytest.mark.django_db


def test_a_clear_refusal_by_one_party_ends_the_mediation_before_it_starts_with_its_reason(committees, people):
    mediation = open_mediation(committees["yinyi"], by=people["mediator"])
    first, second = mediation.parties.all()
    consent_record(mediation=mediation, party=first, by=people["mediator"], consent=Consent.GIVEN)

    consent_record(mediation=mediation, party=second, by=people["mediator"], consent=Consent.REFUSED, reason="不愿调解")

    mediation.refresh_from_db()
    assert mediation.status == Status.REFUSED
    assert "不愿调解" in mediation.end_reason and mediation.ended_at is not None
    assert mediation.events.filter(kind=MediationEvent.Kind.REFUSED, new_status=Status.REFUSED).count() == 1
    with pytest.raises(ValidationError):
        session_record(
            mediation=mediation,
            by=people["mediator"],
            held_on=date(2026, 3, 1),
            place="居委",
            attendees="双方",
            record="…",
        )


def test_a_refusal_without_its_reason_is_refused_and_nothing_changes(committees, people):
    mediation = open_mediation(committees["yinyi"])
    party = mediation.parties.first()
    with pytest.raises(ValidationError):
        consent_record(mediation=mediation, party=party, by=None, consent=Consent.REFUSED, reason="  ")
    party.refresh_from_db()
    assert party.consent == Consent.PENDING
    assert mediation.status == Status.OPENED


def test_the_mediation_is_under_way_once_every_party_agrees(committees, people):
    mediation = under_way(committees["yinyi"], by=people["mediator"])
    mediation.refresh_from_db()
    assert mediation.status == Status.UNDER_WAY
    assert mediation.events.filter(kind=MediationEvent.Kind.STARTED).count() == 1


def test_a_participant_is_invited_only_with_the_parties_consent(committees, people):
    mediation = under_way(committees["yinyi"])
    lawyer = ParticipantRole.objects.get(code="community-lawyer")
    with pytest.raises(ValidationError):
        participant_invite(mediation=mediation, by=None, role=lawyer, name="陈律师", parties_consent=False)
    participant_invite(mediation=mediation, by=None, role=lawyer, name="陈律师", parties_consent=True)
    assert mediation.participants.get().role == lawyer
    assert ParticipantRole.objects.filter(code="three-heads").exists()


def test_a_session_that_may_turn_criminal_needs_who_reported_it_to_the_police_and_when(committees, people):
    mediation = under_way(committees["yinyi"])
    args = {
        "mediation": mediation,
        "by": None,
        "held_on": date(2026, 3, 1),
        "place": "居委会",
        "attendees": "双方",
        "record": "双方争吵激烈",
    }
    with pytest.raises(ValidationError):
        session_record(**args, may_escalate=True)
    session_record(**args, may_escalate=True, reported_to_police_by="赵敏", reported_to_police_at=timezone.now())
    assert mediation.events.filter(kind=MediationEvent.Kind.POLICE, note="赵敏").count() == 1


def test_a_failed_mediation_says_why_and_the_routes_the_parties_were_told_of(committees, people):
    mediation = under_way(committees["yinyi"])
    with pytest.raises(ValidationError):
        mediation_fail(mediation=mediation, by=None, reason="分歧太大")
    mediation_fail(mediation=mediation, by=None, reason="分歧太大", told_court=True, told_arbitration=True)
    mediation.refresh_from_db()
    assert mediation.status == Status.FAILED and mediation.told_court and not mediation.told_administrative


def test_a_mediator_of_another_community_cannot_record_a_step(committees, people):
    mediation = open_mediation(committees["yinyi"])
    with pytest.raises(PermissionDenied):
        consent_record(
            mediation=mediation, party=mediation.parties.first(), by=people["outsider"], consent=Consent.GIVEN
        )
