"""Every action on a case, one entry each: from which states, who may take it, what else the clock or the
case must allow, its form, its service, its labels, what the person is told when it is done, and what
the petitioner is told by SMS. The case page, the services' guard and the tests all read this table.

Adding an action: one entry here, its form class in cases.forms.actions and its service function in
cases.services (named by the entry; they read the entry in turn, so it names them rather than
importing them). A higher app (mediation, say) adds its own with `register_action`, naming its form
and service by dotted path; the case page, its POST view and the API pick it up like any other.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from importlib import import_module

from django.contrib.auth.models import AbstractBaseUser
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rules import Predicate

from . import clock, rules
from .models import OPEN_STATUSES, Case, Status


def _named(name: str, home: str):
    module, _dot, attribute = name.rpartition(".")
    return getattr(import_module(module or home), attribute)


@dataclass(frozen=True)
class CaseAction:
    name: str
    allowed_from: frozenset[str]
    who: Predicate  # called with (user, case)
    form: str  # a class in cases.forms.actions, or a dotted path ("mediation.forms.ReferForm")
    service: str  # a function in cases.services, or a dotted path
    title: Promise
    button: Promise
    icon: str
    done: Promise  # "%(date)s" is the next due date
    style: str = "primary"
    # What else the clock or the case must allow, beyond the status: a reason it is refused now, or None.
    check: Callable[[Case, date], str | None] | None = None
    # The SMS the petitioner gets when a public step of this action is written (cases.services.messages).
    tells_petitioner: str = ""
    # The title once the case has been through this many reviews, where the step is then a re-review's.
    rereview_title: Promise | None = None
    rereview_from_level: int = 0

    @cached_property
    def form_class(self):
        return _named(self.form, "cases.forms.actions")

    @cached_property
    def service_function(self):
        return _named(self.service, "cases.services")

    def title_for(self, case: Case) -> str:
        if self.rereview_title is not None and case.review_level >= self.rereview_from_level:
            return str(self.rereview_title)
        return str(self.title)

    def make_form(self, data=None, *, case: Case):
        return self.form_class(data, case=case, action=self)

    def blocker(self, case: Case, today: date) -> str | None:
        """Why the action cannot be taken now, or None: the status first, then the clock and the case."""
        if case.status not in self.allowed_from:
            return _("This case is now “%(status)s”: that action is not possible from there.") % {
                "status": case.get_status_display()
            }
        return self.check(case, today) if self.check else None


ROUTE = CaseAction(
    "route",
    allowed_from=frozenset({Status.REGISTERED}),
    who=rules.case_triager,
    form="RouteForm",
    service="case_route",
    title=gettext_lazy("Accept and route"),
    button=gettext_lazy("Accept and route"),
    icon="signpost-split",
    done=gettext_lazy("Routed. The handling department's clock has started."),
    # The petitioner hears "accepted" only when the handling body signs for it (条例 art. 23).
    tells_petitioner="routed",
)
SIGN = CaseAction(
    "sign",
    allowed_from=frozenset({Status.ASSIGNED}),
    who=rules.lead,
    form="SignForm",
    service="case_sign",
    title=gettext_lazy("Sign for it"),
    button=gettext_lazy("Sign for it"),
    icon="pen",
    done=gettext_lazy("Signed for: the written acceptance notice went to the petitioner. Print it from the case."),
    tells_petitioner="accepted",
)
DECIDE_EXTENSION = CaseAction(
    "decide_extension",
    allowed_from=frozenset({Status.IN_PROGRESS}),
    who=rules.head,
    form="DecideExtensionForm",
    service="case_decide_extension",
    title=gettext_lazy("Decide the extension"),
    button=gettext_lazy("Record the decision"),
    icon="hourglass-split",
    done=gettext_lazy("Extension decided."),
    check=rules.extension_waiting,
)
REPLY = CaseAction(
    "reply",
    allowed_from=frozenset({Status.IN_PROGRESS}),
    who=rules.lead,
    form="ReplyForm",
    service="case_reply",
    title=gettext_lazy("Reply in writing"),
    button=gettext_lazy("Send the reply"),
    icon="envelope-paper",
    done=gettext_lazy("Reply recorded. Print the written reply for the petitioner."),
    tells_petitioner="replied",
)
# A re-review is never decided in the town: the level above the town's review is the district.
DECIDE_REVIEW = CaseAction(
    "decide_review",
    allowed_from=frozenset({Status.UNDER_REVIEW}),
    who=rules.town_reviewer,
    form="ReviewDecisionForm",
    service="case_decide_review",
    title=gettext_lazy("Decide the review"),
    button=gettext_lazy("Record the decision"),
    icon="bank",
    done=gettext_lazy("Decision recorded."),
    tells_petitioner="review_decided",
    check=rules.review_inside_town,
)
RECORD_REVIEW_DECISION = CaseAction(
    "record_review_decision",
    allowed_from=frozenset({Status.UNDER_REVIEW, Status.UNDER_REREVIEW}),
    who=rules.case_triager,
    form="ExternalReviewDecisionForm",
    service="case_record_review_decision",
    title=gettext_lazy("Record the district's review decision"),
    button=gettext_lazy("Record the decision received"),
    icon="building-down",
    done=gettext_lazy("The decision received from the district is recorded."),
    tells_petitioner="review_decided",
    check=rules.review_outside_town,
    rereview_title=gettext_lazy("Record the district's re-review decision"),
    rereview_from_level=2,
)
RECORD_DELIVERY = CaseAction(
    "record_delivery",
    allowed_from=frozenset({Status.REPLIED, Status.CLOSED}),
    who=rules.answer_deliverer,
    form="DeliveryForm",
    service="case_record_delivery",
    title=gettext_lazy("Record how the answer was delivered"),
    button=gettext_lazy("Record the delivery"),
    icon="mailbox",
    done=gettext_lazy("Delivery recorded. The petitioner's 30 days count from that day."),
    check=rules.answer_to_deliver,
)
PAUSE_FOR_HEARING = CaseAction(
    "pause_for_hearing",
    allowed_from=frozenset({Status.UNDER_REREVIEW}),
    who=rules.review_recorder,
    form="HearingForm",
    service="case_pause_for_hearing",
    title=gettext_lazy("Pause for a hearing"),
    button=gettext_lazy("Pause the re-review clock"),
    icon="pause-circle",
    style="secondary",
    done=gettext_lazy("Hearing started: the re-review's time does not run until it is resumed."),
    check=rules.hearing_may_start,
)
RESUME_AFTER_HEARING = CaseAction(
    "resume_after_hearing",
    allowed_from=frozenset({Status.UNDER_REREVIEW}),
    who=rules.review_recorder,
    form="HearingForm",
    service="case_resume_after_hearing",
    title=gettext_lazy("Resume after the hearing"),
    button=gettext_lazy("Resume the re-review clock"),
    icon="play-circle",
    done=gettext_lazy("Resumed. The re-review is now due on %(date)s."),
    check=rules.hearing_under_way,
)
DECIDE_OBJECTION = CaseAction(
    "decide_objection",
    allowed_from=frozenset({Status.ASSIGNED}),
    who=rules.case_triager,
    form="DecideObjectionForm",
    service="case_decide_objection",
    title=gettext_lazy("Check the department's objection"),
    button=gettext_lazy("Record the check"),
    icon="clipboard-check",
    done=gettext_lazy("The objection is decided."),
    check=rules.objection_pending,
)
CLOSE = CaseAction(
    "close",
    allowed_from=frozenset({Status.REPLIED}),
    who=rules.triager | rules.lead,
    form="CloseForm",
    service="case_close",
    title=gettext_lazy("Close the case"),
    button=gettext_lazy("Close"),
    icon="check2-circle",
    done=gettext_lazy("Case closed."),
)
REQUEST_REVIEW = CaseAction(
    "request_review",
    allowed_from=frozenset({Status.REPLIED, Status.CLOSED}),
    who=rules.counter,
    form="ReviewRequestForm",
    service="case_request_review",
    title=gettext_lazy("Record a request for review"),
    button=gettext_lazy("Record the request"),
    icon="arrow-repeat",
    style="secondary",
    done=gettext_lazy("Request recorded. The decision is due on %(date)s."),
    check=rules.review_window_open,
    rereview_title=gettext_lazy("Record a request for re-review"),
    rereview_from_level=1,
)
RATE = CaseAction(
    "rate",
    allowed_from=frozenset({Status.REPLIED, Status.CLOSED}),
    who=rules.counter,
    form="RateForm",
    service="case_rate",
    title=gettext_lazy("Record the petitioner's rating"),
    button=gettext_lazy("Record the rating"),
    icon="emoji-smile",
    style="secondary",
    done=gettext_lazy("Rating recorded."),
    check=rules.answer_to_rate,
)
NOTE = CaseAction(
    "note",
    allowed_from=frozenset(OPEN_STATUSES),
    who=rules.triager | rules.lead | rules.helper,
    form="NoteForm",
    service="case_add_note",
    title=gettext_lazy("Add a progress note"),
    button=gettext_lazy("Add note"),
    icon="journal-plus",
    style="secondary",
    done=gettext_lazy("Note added."),
    tells_petitioner="note",
)
ASK_EXTENSION = CaseAction(
    "ask_extension",
    allowed_from=frozenset({Status.IN_PROGRESS}),
    who=rules.lead,
    form="AskExtensionForm",
    service="case_ask_extension",
    title=gettext_lazy("Ask for an extension"),
    button=gettext_lazy("Ask the head"),
    icon="hourglass-split",
    style="secondary",
    done=gettext_lazy("Extension asked. The department head decides."),
    check=rules.extension_possible,
)
CHANGE_TIER = CaseAction(
    "change_tier",
    allowed_from=frozenset({Status.ASSIGNED, Status.IN_PROGRESS}),
    who=rules.triager | rules.lead,
    form="TierForm",
    service="case_move_tier",
    title=gettext_lazy("Escalate or hand down"),
    button=gettext_lazy("Move the case"),
    icon="arrow-down-up",
    style="secondary",
    done=gettext_lazy("The case moved to another tier."),
)
PEOPLE = CaseAction(
    "people",
    allowed_from=frozenset({Status.ASSIGNED, Status.IN_PROGRESS}),
    who=rules.triager | rules.lead_department,
    form="PeopleForm",
    service="case_assign_people",
    title=gettext_lazy("People on the case"),
    button=gettext_lazy("Save"),
    icon="people",
    style="secondary",
    done=gettext_lazy("People on the case updated."),
)
OBJECT = CaseAction(
    "object",
    allowed_from=frozenset({Status.ASSIGNED}),
    who=rules.lead_department,
    form="ObjectForm",
    service="case_object",
    title=gettext_lazy("Object: not for our department"),
    button=gettext_lazy("Send the objection to the petition office"),
    icon="arrow-return-left",
    style="outline-danger",
    done=gettext_lazy(
        "Objection sent. The case stays with your department, and its clocks run, until the petition office agrees."
    ),
    check=rules.objection_window_open,
)
NOT_ACCEPT = CaseAction(
    "not_accept",
    allowed_from=frozenset({Status.REGISTERED}),
    who=rules.case_triager,
    form="NotAcceptForm",
    service="case_not_accept",
    title=gettext_lazy("Do not accept"),
    button=gettext_lazy("Record as not accepted"),
    icon="x-octagon",
    style="outline-danger",
    done=gettext_lazy("Recorded as not accepted. The case stays searchable but leaves the queues."),
    tells_petitioner="not_accepted",
)

# In the order the case page shows them: the decisive step first, the rest as people reach for them.
ACTIONS: dict[str, CaseAction] = {
    a.name: a
    for a in (
        ROUTE,
        DECIDE_OBJECTION,
        SIGN,
        DECIDE_EXTENSION,
        REPLY,
        DECIDE_REVIEW,
        RECORD_REVIEW_DECISION,
        RESUME_AFTER_HEARING,
        RECORD_DELIVERY,
        CLOSE,
        REQUEST_REVIEW,
        RATE,
        NOTE,
        ASK_EXTENSION,
        PAUSE_FOR_HEARING,
        CHANGE_TIER,
        PEOPLE,
        OBJECT,
        NOT_ACCEPT,
    )
}


def register_action(action: CaseAction) -> None:
    """A higher app's action on a case, shown after the case app's own. Registering a name again replaces it."""
    ACTIONS[action.name] = action


def available_actions(user: AbstractBaseUser, case: Case, today: date | None = None) -> list[CaseAction]:
    """The actions this person may take on this case now, in the order the page shows them."""
    day = today or clock.today()
    return [a for a in ACTIONS.values() if a.who(user, case) and a.blocker(case, day) is None]
