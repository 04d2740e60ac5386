"""Who a person is to one case, as composable predicates (django-rules), and what the clock still allows.

The predicates take (user, case) for a case the person can already see (cases.policy); they read
case.assignments and case.assisting_departments, so a page should prefetch them. Superusers hold
every part. cases.actions combines them into who may take each action.
"""

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from rules import is_superuser, predicate

from grids.models import Department, Role

from . import clock
from .models import Case, Category, ExtensionStatus
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


@predicate
def _gave_contested_answer(user, case: Case) -> bool:
    """The body or the person whose answer the pending review contests (条例 arts. 35, 36)."""
    if case.review_level <= 1:
        if case.replied_by_id is not None and case.replied_by_id == user.pk:
            return True
        profile = _profile(user)
        return (
            profile is not None
            and profile.department_id is not None
            and profile.department_id == case.reply_department_id
        )
    return any(r.level == case.review_level - 1 and r.decided_by_id == user.pk for r in case.reviews.all())


# Decides a review inside the town: the level above, never the body or the person whose answer is contested.
town_reviewer = reviewer & ~_gave_contested_answer
# Records what the district decided, and a re-review's hearing: the petition office (or the level above).
review_recorder = case_triager | reviewer


@predicate
def _newest_answer_is_the_reply(user, case: Case) -> bool:
    return case.review_level == 0


# Records how an answer reached the petitioner: the department for its reply, the office (or the level
# above) for a review opinion.
answer_deliverer = (lead & _newest_answer_is_the_reply) | review_recorder


# --- What the clock and the case still allow (beyond the status, which cases.actions checks) ------


def _date(day: date) -> str:
    return formats.date_format(day, "Y-m-d")


def is_relief(case: Case) -> bool:
    """A request for relief (申诉求决类) has the 60-day clock, the three outcomes and review/re-review;
    a suggestion is answered and a report of misconduct goes to the discipline route (条例 arts. 29-31)."""
    return case.category == Category.RELIEF


def relief_only(case: Case, today: date) -> str | None:
    if not is_relief(case):
        return _(
            "Only a request for relief has a time limit, an outcome, an extension and reviews: "
            "a suggestion is answered, a report of misconduct goes to the discipline route."
        )
    return None


def review_decided_in_town(case: Case) -> bool:
    """Whether the pending review is decided by the town: a review of a town department's reply is.

    The level above a district station (派出所, 司法所, 市场监管所) is its district bureau, and the level
    above the town itself (its petition office, or the town's review opinion) is the district.
    """
    if case.review_level != 1:
        return False
    department = case.reply_department
    if department is None:
        return False
    return not department.is_district_station and department.code != Department.PETITION_OFFICE


def review_inside_town(case: Case, today: date) -> str | None:
    if not review_decided_in_town(case):
        return _("The level above is outside the town (the district): record its decision when it arrives.")
    return None


def review_outside_town(case: Case, today: date) -> str | None:
    if review_decided_in_town(case):
        return _("This review is decided in the town, by the level above the body that replied.")
    return None


def pending_review(case: Case):
    return next((r for r in case.reviews.all() if r.level == case.review_level and r.decided_at is None), None)


def hearing_may_start(case: Case, today: date) -> str | None:
    review = pending_review(case)
    if review is None:
        return _("No re-review is waiting for a decision.")
    if review.hearing_since is not None:
        return _("A hearing is already under way.")
    return None


def hearing_under_way(case: Case, today: date) -> str | None:
    review = pending_review(case)
    if review is None or review.hearing_since is None:
        return _("No hearing is under way.")
    return None


def answer_to_deliver(case: Case, today: date) -> str | None:
    if case.answered_at is None:
        return _("There is no written answer to deliver yet.")
    if case.answer_delivered_on is not None:
        return _("The delivery of this answer was recorded: %(date)s.") % {"date": _date(case.answer_delivered_on)}
    return None


def objection_pending(case: Case, today: date) -> str | None:
    if case.objected_at is None:
        return _("No objection is waiting for the petition office.")
    return None


def objection_window_open(case: Case, today: date) -> str | None:
    if case.objected_at is not None:
        return _("An objection is already waiting for the petition office's check.")
    if case.objection_due_on and today > case.objection_due_on:
        return _(
            "The time to object ended on %(date)s. Handle the case, or ask the petition office to route it again."
        ) % {"date": _date(case.objection_due_on)}
    return None


def extension_possible(case: Case, today: date) -> str | None:
    if not is_relief(case):
        return relief_only(case, today)
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
    """The petitioner's 30 days count from the day the answer reached them (条例 arts. 35, 36).

    Before any delivery is recorded a request is accepted: nobody can show that the petitioner had the
    answer earlier, and asking proves they have it now.
    """
    if not is_relief(case):
        return relief_only(case, today)
    if case.review_level >= 2:
        return _("This matter has been through re-review: the same matter is not accepted again (不再受理).")
    if case.answered_at is None:
        return _("There is no written answer yet.")
    if case.answer_delivered_on is None:
        return None
    ends = clock.request_window_ends(case.answer_delivered_on, case.review_level + 1)
    if today > ends:
        return _("The time to ask for it ended on %(date)s.") % {"date": _date(ends)}
    return None


def answer_to_rate(case: Case, today: date) -> str | None:
    if case.answered_at is None:
        return _("There is no written answer to rate yet.")
    if case.rated_at is not None and case.rated_at >= case.answered_at:
        return _("This answer has already been rated.")
    return None
