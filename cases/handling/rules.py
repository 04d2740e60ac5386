"""Who may take which action on a case, from which state, and what the clock still allows."""

from datetime import date
from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser
from django.utils import formats
from django.utils.translation import gettext as _

from grids.models import Role

from ..models import OPEN_STATUSES, Case, ExtensionStatus, Status
from . import clock

ROUTE = "route"
NOT_ACCEPT = "not_accept"
SIGN = "sign"
OBJECT = "object"
NOTE = "note"
PEOPLE = "people"
ASK_EXTENSION = "ask_extension"
DECIDE_EXTENSION = "decide_extension"
CHANGE_TIER = "change_tier"
REPLY = "reply"
CLOSE = "close"
REQUEST_REVIEW = "request_review"
DECIDE_REVIEW = "decide_review"
RATE = "rate"

# The state machine: each action and the statuses it may start from. Everything else is refused.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    ROUTE: frozenset({Status.REGISTERED}),
    NOT_ACCEPT: frozenset({Status.REGISTERED}),
    SIGN: frozenset({Status.ASSIGNED}),
    OBJECT: frozenset({Status.ASSIGNED}),
    NOTE: frozenset(OPEN_STATUSES),
    PEOPLE: frozenset({Status.ASSIGNED, Status.IN_PROGRESS}),
    ASK_EXTENSION: frozenset({Status.IN_PROGRESS}),
    DECIDE_EXTENSION: frozenset({Status.IN_PROGRESS}),
    CHANGE_TIER: frozenset({Status.ASSIGNED, Status.IN_PROGRESS}),
    REPLY: frozenset({Status.IN_PROGRESS}),
    CLOSE: frozenset({Status.REPLIED}),
    REQUEST_REVIEW: frozenset({Status.REPLIED, Status.CLOSED}),
    DECIDE_REVIEW: frozenset({Status.UNDER_REVIEW, Status.UNDER_REREVIEW}),
    RATE: frozenset({Status.REPLIED, Status.CLOSED}),
}
ACTIONS = list(ALLOWED_FROM)

# The "X" of 1+10+X: the people on the ground who can be put on a case.
X_ROLES = [
    Role.GRID_WORKER,
    Role.MEDIATOR,
    Role.ENFORCEMENT_OFFICER,
    Role.COMMUNITY_STAFF,
    Role.PETITION_AGENT,
]


class Standing:
    """What a person is to one case; each part is worked out only when a rule asks for it.

    Computed only for a case the person can see (cases_visible_to). Reads case.assignments and
    case.assisting_departments, so a page should prefetch them.
    """

    def __init__(self, user: AbstractBaseUser | None, case: Case | None, *, everything: bool = False):
        self.user = user
        self.case = case
        self.everything = everything
        self.profile = getattr(user, "staff", None) if user is not None and user.is_authenticated else None

    def _perm(self, perm: str) -> bool:
        return self.everything or (self.profile is not None and self.user.has_perm(perm))

    @cached_property
    def handles(self) -> bool:
        return self._perm("cases.handle_case")

    @cached_property
    def triager(self) -> bool:
        """The petition office: decides intake and routes."""
        return self._perm("cases.triage_case")

    @cached_property
    def lead_department(self) -> bool:
        """Staff of the lead department: the body that handles, and that may object."""
        if self.everything:
            return True
        dept = self.profile.department_id if self.profile else None
        return self.handles and dept is not None and dept == self.case.lead_department_id

    @cached_property
    def assigned(self) -> bool:
        return self.everything or any(a.user_id == self.user.pk for a in self.case.assignments.all())

    @cached_property
    def lead(self) -> bool:
        """The lead department's staff, or a person put on the case: handles and replies."""
        return self.lead_department or (self.handles and self.assigned)

    @cached_property
    def helper(self) -> bool:
        """An assisting department, or the grid or community staff of the place: adds notes."""
        if self.everything:
            return True
        if not self.handles:
            return False
        profile, case = self.profile, self.case
        if profile.department_id and any(d.pk == profile.department_id for d in case.assisting_departments.all()):
            return True
        if profile.role == Role.GRID_WORKER and profile.grid_id:
            return bool(case.grid_id) and profile.grid_id in (case.grid_id, case.grid.parent_id)
        if profile.role in (Role.GRID_WORKER, Role.COMMUNITY_STAFF) and profile.community_id:
            return profile.community_id == case.community_id
        return False

    @cached_property
    def head(self) -> bool:
        """Head of the lead department: approves extensions."""
        return self.lead_department and self._perm("cases.approve_extension")

    @cached_property
    def counter(self) -> bool:
        """Records what a petitioner asks at the counter or on the phone."""
        return self.triager or self._perm("cases.register_case")

    @cached_property
    def reviewer(self) -> bool:
        """The level above: decides reviews and re-reviews."""
        return self._perm("cases.decide_review")


WHO = {
    ROUTE: lambda s: s.triager,
    NOT_ACCEPT: lambda s: s.triager,
    SIGN: lambda s: s.lead,
    OBJECT: lambda s: s.lead_department,
    NOTE: lambda s: s.triager or s.lead or s.helper,
    PEOPLE: lambda s: s.triager or s.lead_department,
    ASK_EXTENSION: lambda s: s.lead,
    DECIDE_EXTENSION: lambda s: s.head,
    CHANGE_TIER: lambda s: s.triager or s.lead,
    REPLY: lambda s: s.lead,
    CLOSE: lambda s: s.triager or s.lead,
    REQUEST_REVIEW: lambda s: s.counter,
    DECIDE_REVIEW: lambda s: s.reviewer,
    RATE: lambda s: s.counter,
}


def standing(user: AbstractBaseUser, case: Case) -> Standing:
    """The person's standing on the case (superusers hold every part of it)."""
    if not user.is_authenticated:
        return Standing(None, case)
    return Standing(user, case, everything=user.is_superuser)


def _date(day: date) -> str:
    return formats.date_format(day, "Y-m-d")


def blocker(case: Case, action: str, today: date) -> str | None:
    """Why the action cannot be taken now, or None. Status first, then what the clock and the case allow."""
    if case.status not in ALLOWED_FROM[action]:
        return _("This case is now “%(status)s”: that action is not possible from there.") % {
            "status": case.get_status_display()
        }
    if action == OBJECT and case.objection_due_on and today > case.objection_due_on:
        return _(
            "The time to object ended on %(date)s. Handle the case, or ask the petition office to route it again."
        ) % {"date": _date(case.objection_due_on)}
    if action == ASK_EXTENSION:
        if case.extension_status == ExtensionStatus.REQUESTED:
            return _("An extension is already waiting for the head's approval.")
        if case.extension_status == ExtensionStatus.GRANTED:
            return _("This case was already extended once; the extension cannot be extended again.")
        if case.reply_due_on and today > case.reply_due_on:
            return _("The reply is already overdue: an extension must be asked before the due date.")
    if action == DECIDE_EXTENSION and case.extension_status != ExtensionStatus.REQUESTED:
        return _("No extension is waiting for approval.")
    if action == REQUEST_REVIEW:
        if case.review_level >= 2:
            return _("This matter has been through re-review: the same matter is not accepted again (不再受理).")
        if case.answered_at is None:
            return _("There is no written answer yet.")
        ends = clock.request_window_ends(case.answered_at, case.review_level + 1)
        if today > ends:
            return _("The time to ask for it ended on %(date)s.") % {"date": _date(ends)}
    if action == RATE:
        if case.answered_at is None:
            return _("There is no written answer to rate yet.")
        if case.rated_at is not None and case.rated_at >= case.answered_at:
            return _("This answer has already been rated.")
    return None


def available_actions(user: AbstractBaseUser, case: Case, today: date | None = None) -> list[str]:
    """The actions this person may take on this case now, in the order the page shows them."""
    who = standing(user, case)
    day = today or clock.today()
    return [a for a in ACTIONS if WHO[a](who) and blocker(case, a, day) is None]
