"""The state machine: every action from every status it does not start from is refused, and writes nothing."""

import pytest

from cases import actions, services
from cases.forms.actions import ActionForm
from cases.models import CaseReview, NotAcceptedReason, Outcome, Satisfaction, Status
from grids.models import Role

from ...factories import make_staff

pytestmark = pytest.mark.django_db


def _call(action: str, case, by, town):
    """Each action with arguments that would be valid if the state allowed it."""
    match action:
        case actions.ROUTE.name:
            return services.case_route(case=case, by=by, lead_department=town["dept_a"], tier=case.tier)
        case actions.NOT_ACCEPT.name:
            return services.case_not_accept(
                case=case, by=by, reason=NotAcceptedReason.LEVEL_SKIPPING, explanation="请向本级机关提出"
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
            return services.case_reply(case=case, by=by, outcome=Outcome.UPHELD, text="答复")
        case actions.CLOSE.name:
            return services.case_close(case=case, by=by)
        case actions.REQUEST_REVIEW.name:
            return services.case_request_review(case=case, by=by, reason="不服")
        case actions.DECIDE_REVIEW.name:
            return services.case_decide_review(case=case, by=by, decision=CaseReview.Decision.UPHELD, opinion="维持")
        case actions.RATE.name:
            return services.case_rate(case=case, by=by, rating=Satisfaction.SATISFIED)
    raise AssertionError(action)


REFUSED = [
    (status, action)
    for status in Status
    for action in list(actions.ACTIONS)
    if status not in actions.ACTIONS[action].allowed_from
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


ALLOWED = [(status, action) for action in list(actions.ACTIONS) for status in actions.ACTIONS[action].allowed_from]


@pytest.mark.parametrize(("status", "action"), ALLOWED, ids=[f"{s}-{a}" for s, a in ALLOWED])
def test_an_action_allowed_from_the_status_goes_through(town, people, case_at, status, action):
    case = case_at(status)
    admin = make_staff(Role.ADMINISTRATOR)
    if action == actions.DECIDE_EXTENSION.name:
        case = services.case_ask_extension(case=case, by=admin, days=10, reason="复杂")
    if action == actions.PEOPLE.name:
        case = services.case_assign_people(case=case, by=admin, people=[people["mediator"]])
    version, events = case.version, case.events.count()

    done = _call(action, case, admin, town)

    done.refresh_from_db()
    assert done.version == version + 1
    assert done.events.count() > events, "every action leaves its line on the timeline"
