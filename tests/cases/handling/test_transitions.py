"""The state machine: every action from every status it does not start from is refused, and writes nothing."""

import pytest
from django.utils import timezone

from cases import actions, services
from cases.forms.actions import ActionForm
from cases.models import Case, CaseReview, DeliveryMethod, NotAcceptedReason, Outcome, Satisfaction, Status
from grids.models import Department, Role

from ...factories import make_staff

pytestmark = pytest.mark.django_db


def _call(action: str, case, by, town):
    """Each action with arguments that would be valid if the state allowed it."""
    match action:
        case actions.ROUTE.name:
            return services.case_route(case=case, by=by, lead_department=town["dept_a"], tier=case.tier)
        case actions.NOT_ACCEPT.name:
            return services.case_not_accept(
                case=case, by=by, reason=NotAcceptedReason.LEGAL_PROCEDURE, explanation="请向法院起诉"
            )
        case actions.SIGN.name:
            return services.case_sign(case=case, by=by)
        case actions.OBJECT.name:
            return services.case_object(case=case, by=by, reason="不属本部门职责")
        case actions.NOTE.name:
            return services.case_add_note(case=case, by=by, text="进展")
        case actions.PEOPLE.name:
            return services.case_assign_people(case=case, by=by, people=[])
        case actions.ASK_EXTENSION.name:
            return services.case_ask_extension(case=case, by=by, days=10, reason="复杂")
        case actions.DECIDE_EXTENSION.name:
            return services.case_decide_extension(case=case, by=by, approve=True)
        case actions.CHANGE_TIER.name:
            return services.case_move_tier(case=case, by=by, to_tier=town["tiers"]["town"], reason="升级")
        case actions.REPLY.name:
            return services.case_reply(case=case, by=by, outcome=Outcome.UPHELD, text="答复", legal_basis="依据")
        case actions.CLOSE.name:
            return services.case_close(case=case, by=by)
        case actions.REQUEST_REVIEW.name:
            return services.case_request_review(case=case, by=by, reason="不服")
        case actions.DECIDE_REVIEW.name:
            return services.case_decide_review(case=case, by=by, decision=CaseReview.Decision.UPHELD, opinion="维持")
        case actions.RATE.name:
            return services.case_rate(case=case, by=by, rating=Satisfaction.SATISFIED)
        case actions.DECIDE_OBJECTION.name:
            return services.case_decide_objection(case=case, by=by, agree=False, note="属本部门职责")
        case actions.RECORD_REVIEW_DECISION.name:
            return services.case_record_review_decision(
                case=case,
                by=by,
                body="区信访办",
                received_on=timezone.localdate(),
                decision=CaseReview.Decision.UPHELD,
                opinion="维持",
            )
        case actions.RECORD_DELIVERY.name:
            return services.case_record_delivery(
                case=case, by=by, method=DeliveryMethod.IN_PERSON, delivered_on=timezone.localdate()
            )
        case actions.PAUSE_FOR_HEARING.name:
            return services.case_pause_for_hearing(case=case, by=by)
        case actions.RESUME_AFTER_HEARING.name:
            return services.case_resume_after_hearing(case=case, by=by)
    raise AssertionError(action)


# The case app's own actions; an action a higher app registers (mediation's, say) is tested by that app.
OWN = [name for name, action in actions.ACTIONS.items() if action.service_function.__module__.startswith("cases.")]

REFUSED = [
    (status, action) for status in Status for action in OWN if status not in actions.ACTIONS[action].allowed_from
]


def test_every_action_names_a_form_and_a_service_that_exist():
    for action in actions.ACTIONS.values():
        assert issubclass(action.form_class, ActionForm), action.name
        assert callable(action.service_function), action.name
    assert len(REFUSED) > 100


@pytest.mark.parametrize(("status", "action"), REFUSED, ids=[f"{s.value}-{a}" for s, a in REFUSED])
def test_an_action_not_allowed_from_the_status_is_refused(town, people, case_at, status, action):
    case = case_at(status)
    # An administrator holds every permission: only the state can refuse here.
    admin = make_staff(Role.ADMINISTRATOR)
    before = (case.status, case.version, case.events.count(), case.reviews.count())

    with pytest.raises(services.ActionNotAllowed) as err:
        _call(action, case, admin, town)

    assert case.get_status_display() in str(err.value)
    case.refresh_from_db()
    assert (case.status, case.version, case.events.count(), case.reviews.count()) == before


ALLOWED = [(status, action) for action in OWN for status in actions.ACTIONS[action].allowed_from]


@pytest.mark.parametrize(("status", "action"), ALLOWED, ids=[f"{s}-{a}" for s, a in ALLOWED])
def test_an_action_allowed_from_the_status_goes_through(town, people, case_at, status, action):
    case = case_at(status)
    admin = make_staff(Role.ADMINISTRATOR)
    if action == actions.DECIDE_EXTENSION.name:
        case = services.case_ask_extension(case=case, by=admin, days=10, reason="复杂")
    if action == actions.PEOPLE.name:
        case = services.case_assign_people(case=case, by=admin, people=[people["mediator"]])
    if action == actions.DECIDE_OBJECTION.name:
        case = services.case_object(case=case, by=people["officer"], reason="不属本部门职责")
    if action == actions.RESUME_AFTER_HEARING.name:
        case = services.case_pause_for_hearing(case=case, by=admin)
    if action == actions.RECORD_REVIEW_DECISION.name and status == Status.UNDER_REVIEW:
        # A district station's reply is reviewed by its district bureau: recorded as received.
        Department.objects.filter(pk=town["dept_a"].pk).update(is_district_station=True)
        case = Case.objects.get(pk=case.pk)
    version, events = case.version, case.events.count()

    done = _call(action, case, admin, town)

    done.refresh_from_db()
    assert done.version == version + 1
    assert done.events.count() > events, "every action leaves its line on the timeline"
