"""Who a person is to one case, as composable predicates (django-rules), and what the clock still allows.

The predicates take (user, case) for a case the person can already see (cases.policy); they read
case.assignments and case.assisting_departments, so a page should prefetch them. Superusers hold
every part. cases.actions combines them into who may take each action.
"""

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from rules import is_superuser, predicate

from grids.models import Role

from . import clock
from .models import Case, ExtensionStatus
from .policy import PETITION_OFFICE_ROLES, against_petition_office

# The "X" of 1+10+X: the people on the ground who can be put on a case.
X_ROLES = [
    Role.GRID_WORKER,
    Role.MEDIATOR,
    Role.ENFORCEMENT_OFFICER,
    Role.COMMUNITY_STAFF,
    Role.PETITION_AGENT,
]


def _profile(user):
    return getattr(user, "staff", None) if user is not None and user.is_authenticated else None


def _staff_perm(perm: str):
    """A permission held through a staff profile (a login without one holds none of these)."""

    @predicate(f"staff_perm:{perm}")
    def holds(user) -> bool:
        return _profile(user) is not None and user.has_perm(perm)

    return holds


handles = _staff_perm("cases.handle_case")
approves_extensions = _staff_perm("cases.approve_extension")
registers = _staff_perm("cases.register_case")

# The petition office: decides intake and routes.
triager = is_superuser | _staff_perm("cases.triage_case")
# The level above: decides reviews and re-reviews.
reviewer = is_superuser | _staff_perm("cases.decide_review")


@predicate
def town_leader(user) -> bool:
    profile = _profile(user)
    return profile is not None and profile.role == Role.TOWN_LEADER


@predicate
def _accuses_petition_office(user, case: Case) -> bool:
    return against_petition_office(case)


# The town's leaders decide intake for a report against the petition office, which cannot triage it.
leader_for_report_against_office = town_leader & _accuses_petition_office
# Who decides intake and routes this case.
case_triager = triager | leader_for_report_against_office
# Records what a petitioner asks at the counter or on the phone.
counter = triager | registers


@predicate
def _of_lead_department(user, case: Case) -> bool:
    profile = _profile(user)
    return (
        profile is not None and profile.department_id is not None and profile.department_id == case.lead_department_id
    )


@predicate
def _assigned(user, case: Case) -> bool:
    return any(a.user_id == user.pk for a in case.assignments.all())


@predicate
def _of_place_or_assisting(user, case: Case) -> bool:
    """An assisting department, or the grid or community staff of the place."""
    profile = _profile(user)
    if profile is None:
        return False
    if profile.department_id and any(d.pk == profile.department_id for d in case.assisting_departments.all()):
        return True
    if profile.role == Role.GRID_WORKER and profile.grid_id:
        return bool(case.grid_id) and profile.grid_id in (case.grid_id, case.grid.parent_id)
    if profile.role in (Role.GRID_WORKER, Role.COMMUNITY_STAFF) and profile.community_id:
        return profile.community_id == case.community_id
    return False


# Staff of the lead department: the body that handles, and that may object.
lead_department = is_superuser | (handles & _of_lead_department)
# The lead department's staff, or a person put on the case: handles and replies.
lead = lead_department | (handles & _assigned)
# An assisting department, or the grid or community staff of the place: adds notes.
helper = is_superuser | (handles & _of_place_or_assisting)
# Head of the lead department: approves extensions.
head = lead_department & (is_superuser | approves_extensions)


# --- The full ID number ------------------------------------------------------------------------------


@predicate
def _office_or_administrator(user) -> bool:
    profile = _profile(user)
    if profile is None:
        return user is not None and user.is_superuser
    return profile.role in (Role.PETITION_OFFICE, Role.ADMINISTRATOR)


@predicate
def _office_accused(user, case: Case) -> bool:
    """A report against the petition office: its own staff never read the full number of the one who made it."""
    profile = _profile(user)
    return profile is not None and profile.role in PETITION_OFFICE_ROLES and against_petition_office(case)


# Who may reveal a petitioner's full ID number on a case they can see (cases.policy keeps the accused out
# of the case altogether): the petition office, for notices and the hand-over upward, and the administrator.
reveals_id_number = _office_or_administrator & ~_office_accused


# --- What the clock and the case still allow (beyond the status, which cases.actions checks) ------


def _date(day: date) -> str:
    return formats.date_format(day, "Y-m-d")


def objection_window_open(case: Case, today: date) -> str | None:
    if case.objection_due_on and today > case.objection_due_on:
        return _(
            "The time to object ended on %(date)s. Handle the case, or ask the petition office to route it again."
        ) % {"date": _date(case.objection_due_on)}
    return None


def extension_possible(case: Case, today: date) -> str | None:
    if case.extension_status == ExtensionStatus.REQUESTED:
        return _("An extension is already waiting for the head's approval.")
    if case.extension_status == ExtensionStatus.GRANTED:
        return _("This case was already extended once; the extension cannot be extended again.")
    if case.reply_due_on and today > case.reply_due_on:
        return _("The reply is already overdue: an extension must be asked before the due date.")
    return None


def extension_waiting(case: Case, today: date) -> str | None:
    if case.extension_status != ExtensionStatus.REQUESTED:
        return _("No extension is waiting for approval.")
    return None


def review_window_open(case: Case, today: date) -> str | None:
    if case.review_level >= 2:
        return _("This matter has been through re-review: the same matter is not accepted again (不再受理).")
    if case.answered_at is None:
        return _("There is no written answer yet.")
    ends = clock.request_window_ends(case.answered_at, case.review_level + 1)
    if today > ends:
        return _("The time to ask for it ended on %(date)s.") % {"date": _date(ends)}
    return None


def answer_to_rate(case: Case, today: date) -> str | None:
    if case.answered_at is None:
        return _("There is no written answer to rate yet.")
    if case.rated_at is not None and case.rated_at >= case.answered_at:
        return _("This answer has already been rated.")
    return None
