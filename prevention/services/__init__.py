"""Every write of the prevention app goes through a function here: views, admin, tasks and the demo call them."""

from .community import oath_record
from .councils import council_decide, council_raise, council_session_add
from .meetings import action_add, action_done, agenda_add, meeting_create
from .reminders import prevention_reminders_sweep
from .roster import roster_person_create
from .screening import risk_end, risk_open_case, risk_register, risk_review
from .visits import visit_attach_case, visit_open_case, visit_record

__all__ = [
    "action_add",
    "action_done",
    "agenda_add",
    "council_decide",
    "council_raise",
    "council_session_add",
    "meeting_create",
    "oath_record",
    "prevention_reminders_sweep",
    "risk_end",
    "risk_open_case",
    "risk_register",
    "risk_review",
    "roster_person_create",
    "visit_attach_case",
    "visit_open_case",
    "visit_record",
]
