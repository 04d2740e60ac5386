"""The case record and what hangs on it; one module per part, all of it importable from here."""

from .case import Case, Petitioner, Subject
from .choices import (
    MAX_REPRESENTATIVES,
    NOT_ACCEPTED_STATUSES,
    NUMBERED_CHANNELS,
    OPEN_STATUSES,
    WORK_STATUSES,
    Category,
    Channel,
    ExtensionStatus,
    NotAcceptedReason,
    Outcome,
    Satisfaction,
    Sex,
    Status,
)
from .events import AppendOnlyError, CaseEvent, CaseEventQuerySet
from .records import Attachment, CaseAssignment, CasePetitioner, CaseReview, attachment_path
from .reminders import Clock, Reminder

__all__ = [
    "MAX_REPRESENTATIVES",
    "NOT_ACCEPTED_STATUSES",
    "NUMBERED_CHANNELS",
    "OPEN_STATUSES",
    "WORK_STATUSES",
    "AppendOnlyError",
    "Attachment",
    "Case",
    "CaseAssignment",
    "CaseEvent",
    "CaseEventQuerySet",
    "CasePetitioner",
    "CaseReview",
    "Category",
    "Channel",
    "Clock",
    "ExtensionStatus",
    "NotAcceptedReason",
    "Outcome",
    "Petitioner",
    "Reminder",
    "Satisfaction",
    "Sex",
    "Status",
    "Subject",
    "attachment_path",
]
