"""The fixed vocabularies of a case: channels, categories, statuses, outcomes, ratings."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# A visit (走访) names at most five representatives (条例 art. 20 para. 3); a joint letter, call or web
# submission may name more people, up to this many on one case.
MAX_REPRESENTATIVES = 5
MAX_NAMED_PETITIONERS = 50


class Channel(models.TextChoices):
    VISIT = "visit", _("Walk-in visit")
    LETTER = "letter", _("Letter")
    PHONE = "phone", _("Phone call")
    WEB = "web", _("Web (QR code form)")
    PATROL = "patrol", _("Found on a visit or grid patrol")
    SCREENING = "screening", _("Found by risk screening")
    HOTLINE = "hotline", _("12345 hotline hand-over")
    HIGHER_LEVEL = "higher_level", _("Handed down by a higher level")


# Channels that arrive with another body's number: the hotline's work order, the higher level's document.
NUMBERED_CHANNELS = {Channel.HOTLINE, Channel.HIGHER_LEVEL}


class Category(models.TextChoices):
    """The three categories of the 2022 Regulation on Petition Work."""

    SUGGESTION = "suggestion", _("Suggestion or opinion")
    MISCONDUCT = "misconduct", _("Report of misconduct")
    RELIEF = "relief", _("Request for relief")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    REPLIED = "replied", _("Replied")
    UNDER_REVIEW = "under_review", _("Under review")
    UNDER_REREVIEW = "under_rereview", _("Under re-review")
    CLOSED = "closed", _("Closed")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    NOT_ACCEPTED_AGAIN = "not_accepted_again", _("Not accepted again")


OPEN_STATUSES = [
    Status.REGISTERED,
    Status.ASSIGNED,
    Status.IN_PROGRESS,
    Status.REPLIED,
    Status.UNDER_REVIEW,
    Status.UNDER_REREVIEW,
]
# Not-accepted matters are registered only: they leave queues and handling statistics.
NOT_ACCEPTED_STATUSES = [Status.NOT_ACCEPTED, Status.NOT_ACCEPTED_AGAIN]


# Where a case is being worked on: the queues show these by default.
WORK_STATUSES = [Status.ASSIGNED, Status.IN_PROGRESS, Status.UNDER_REVIEW, Status.UNDER_REREVIEW]


class NotAcceptedReason(models.TextChoices):
    """Why a matter is registered only (不予受理 / 不再受理)."""

    LEGAL_PROCEDURE = "legal_procedure", _("Belongs to the courts, arbitration or another legal procedure")
    # Kept for matters recorded before: level-skipping is a flag, never a ground (条例 art. 20).
    LEVEL_SKIPPING = "level_skipping", _("Skipped a level (no longer a ground)")
    BEING_HANDLED = "being_handled", _("Already being handled")
    REREVIEWED = "rereviewed", _("Already through re-review")


# The reasons a triager may choose now.
NOT_ACCEPTED_GROUNDS = [
    NotAcceptedReason.LEGAL_PROCEDURE,
    NotAcceptedReason.BEING_HANDLED,
    NotAcceptedReason.REREVIEWED,
]


class DeliveryMethod(models.TextChoices):
    """How a written answer reached the petitioner: the review windows count from that day."""

    IN_PERSON = "in_person", _("Handed over in person")
    POST = "post", _("By post")
    SMS_LINK = "sms_link", _("By SMS link")
    COLLECTED = "collected", _("Collected at the office")


class Outcome(models.TextChoices):
    """The outcome of handling in the written reply (信访处理意见书)."""

    UPHELD = "upheld", _("Upheld")
    EXPLAINED = "explained", _("Explained")
    NOT_UPHELD = "not_upheld", _("Not upheld")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically", _("Basically satisfied")
    NOT_SATISFIED = "not_satisfied", _("Not satisfied")


class ExtensionStatus(models.TextChoices):
    NONE = "", _("None")
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "", _("Not stated")
