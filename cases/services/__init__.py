"""Every write to a case goes through a function here (HackSoft style): views, API, admin and tasks call them."""

from .corrections import ADMIN_CORRECTABLE, case_correct
from .handling import (
    case_add_note,
    case_ask_extension,
    case_assign_people,
    case_close,
    case_decide_extension,
    case_move_tier,
    case_reply,
    case_sign,
)
from .intake import attachment_add, case_register_with_files
from .registration import PetitionerData, case_register
from .reviews import (
    case_decide_review,
    case_pause_for_hearing,
    case_rate,
    case_record_delivery,
    case_record_review_decision,
    case_request_review,
    case_resume_after_hearing,
)
from .triage import case_decide_objection, case_not_accept, case_object, case_route
from .writes import ActionNotAllowed, CaseConflict

__all__ = [
    "ADMIN_CORRECTABLE",
    "ActionNotAllowed",
    "CaseConflict",
    "PetitionerData",
    "attachment_add",
    "case_add_note",
    "case_ask_extension",
    "case_assign_people",
    "case_close",
    "case_correct",
    "case_decide_extension",
    "case_decide_objection",
    "case_decide_review",
    "case_move_tier",
    "case_not_accept",
    "case_object",
    "case_pause_for_hearing",
    "case_rate",
    "case_record_delivery",
    "case_record_review_decision",
    "case_register",
    "case_register_with_files",
    "case_reply",
    "case_request_review",
    "case_resume_after_hearing",
    "case_route",
    "case_sign",
]
