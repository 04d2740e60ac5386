"""Prevention close to home: the diverse team, door-to-door visits, risk screening, meetings, the oath."""

from .community import CommunityPage, LegalMaterial, OathCeremony
from .councils import Council, CouncilSession, CouncilSpeaker
from .meetings import ActionReminder, AgendaItem, FeedToken, Meeting, MeetingAction, MeetingKind
from .roster import RosterPerson, RosterRole
from .screening import RiskEvent, RiskItem, RiskLevel, RiskReminder
from .visits import Visit

__all__ = [
    "ActionReminder",
    "AgendaItem",
    "CommunityPage",
    "Council",
    "CouncilSession",
    "CouncilSpeaker",
    "FeedToken",
    "LegalMaterial",
    "Meeting",
    "MeetingAction",
    "MeetingKind",
    "OathCeremony",
    "RiskEvent",
    "RiskItem",
    "RiskLevel",
    "RiskReminder",
    "RosterPerson",
    "RosterRole",
    "Visit",
]
