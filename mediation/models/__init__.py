from .agreement import Agreement, AgreementTerm, ReturnVisit, Ruling, Signature
from .mediation import (
    Consent,
    DisputeType,
    Mediation,
    MediationEvent,
    Origin,
    Participant,
    Party,
    Session,
    Status,
)
from .registers import Committee, Mediator, ParticipantRole

__all__ = [
    "Agreement",
    "AgreementTerm",
    "Committee",
    "Consent",
    "DisputeType",
    "Mediation",
    "MediationEvent",
    "Mediator",
    "Origin",
    "Participant",
    "ParticipantRole",
    "Party",
    "ReturnVisit",
    "Ruling",
    "Session",
    "Signature",
    "Status",
]
