"""The case record and what hangs on it; one module per part, all of it importable from here."""

from .case import Case, Petitioner, Subject
from .choices import (
    MAX_NAMED_PETITIONERS,
    MAX_REPRESENTATIVES,
    NOT_ACCEPTED_GROUNDS,
    NOT_ACCEPTED_STATUSES,
    NUMBERED_CHANNELS,
    OPEN_STATUSES,
    WORK_STATUSES,
    Category,
    Channel,
    DeliveryMethod,
    ExtensionStatus,
    NotAcceptedReason,
    Outcome,
    Satisfaction,
    Sex,
    Status,
)
from .events import AppendOnlyError, CaseEvent, CaseEventQuerySet
from .records import AnswerDelivery, Attachment, CaseAssignment, CasePetitioner, CaseReview, attachment_path
from .reminders import Clock, Reminder

__all__ = [
    "MAX_NAMED_PETITIONERS",
    "MAX_REPRESENTATIVES",
    "NOT_ACCEPTED_GROUNDS",
    "NOT_ACCEPTED_STATUSES",
    "NUMBERED_CHANNELS",
    "OPEN_STATUSES",
    "WORK_STATUSES",
    "AnswerDelivery",
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
    "DeliveryMethod",
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
