"""Every write of the app: keyword-only, atomic, one function per write; each status change writes its event."""

from .agreements import (
    agreement_dispute,
    agreement_draft,
    agreement_sign,
    confirmation_apply,
    confirmation_rule,
    return_visit_record,
    term_performed,
)
from .common import MediationConflict
from .mediations import (
    consent_record,
    mediation_fail,
    mediation_open,
    mediation_refer_case,
    mediators_assign,
    participant_invite,
    session_record,
)

__all__ = [
    "MediationConflict",
    "agreement_dispute",
    "agreement_draft",
    "agreement_sign",
    "confirmation_apply",
    "confirmation_rule",
    "consent_record",
    "mediation_fail",
    "mediation_open",
    "mediation_refer_case",
    "mediators_assign",
    "participant_invite",
    "return_visit_record",
    "session_record",
    "term_performed",
]
