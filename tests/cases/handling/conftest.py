"""People of the small town with a standing on cases, and a way to walk a case to any status."""

import pytest
from django.utils import timezone

from cases import services
from cases.models import Case, Outcome, Status
from grids.models import Role

from ...factories import SubjectFactory, make_case, make_staff


@pytest.fixture
def people(town):
    """An owner / colleague / outsider cast for each side of a case."""
    return {
        "office": make_staff(Role.PETITION_OFFICE, username="office", full_name="信访办 李强"),
        "officer": make_staff(
            Role.DEPARTMENT_OFFICER, username="officer", department=town["dept_a"], full_name="执法 张伟"
        ),
        "head": make_staff(Role.DEPARTMENT_HEAD, username="head", department=town["dept_a"], full_name="中队长 陈刚"),
        "other_officer": make_staff(Role.DEPARTMENT_OFFICER, username="other_officer", department=town["dept_b"]),
        "other_head": make_staff(Role.DEPARTMENT_HEAD, username="other_head", department=town["dept_b"]),
        "grid": make_staff(
            Role.GRID_WORKER,
            username="grid",
            community=town["community_a"],
            grid=town["grid_a"],
            full_name="网格员 刘洋",
        ),
        "other_grid": make_staff(
            Role.GRID_WORKER, username="other_grid", community=town["community_b"], grid=town["grid_b"]
        ),
        "mediator": make_staff(Role.MEDIATOR, username="mediator", full_name="调解员 赵敏"),
        "reception": make_staff(Role.RECEPTION, username="clerk", platform=town["hall"]),
        "leader": make_staff(Role.TOWN_LEADER, username="leader"),
    }


@pytest.fixture
def subject(town):
    return SubjectFactory(code="illegal-construction", name="违法搭建", default_department=town["dept_a"])


def route(case: Case, town, cast, **kwargs) -> Case:
    """Route as the petition office: to department A at the case's tier, with A's grid worker, unless told otherwise."""
    fields = {"lead_department": town["dept_a"], "tier": case.tier, "people": [cast["grid"]]}
    fields.update(kwargs)
    return services.case_route(case=case, by=cast["office"], **fields)


def walk(case: Case, to: str, town, people) -> Case:
    """Walk a case through the real services to the status `to`."""
    if to == Status.REGISTERED:
        return case
    if to == Status.NOT_ACCEPTED:
        return services.case_not_accept(
            case=case, by=people["office"], reason="legal_procedure", explanation="请向法院起诉"
        )
    if to == Status.NOT_ACCEPTED_AGAIN:
        earlier = rereviewed(town, people)
        return services.case_not_accept(
            case=case,
            by=people["office"],
            reason="rereviewed",
            repeats=earlier.tracking_code,
            explanation="同一事实和理由已经复核，不再受理",
        )
    case = route(case, town, people)
    if to == Status.ASSIGNED:
        return case
    case = services.case_sign(case=case, by=people["officer"], notice="已受理")
    if to == Status.IN_PROGRESS:
        return case
    case = services.case_reply(
        case=case,
        by=people["officer"],
        outcome=Outcome.UPHELD,
        text="经查属实，已拆除。",
        legal_basis="《城乡规划法》第六十四条",
    )
    if to == Status.REPLIED:
        return case
    if to == Status.CLOSED:
        return services.case_close(case=case, by=people["officer"])
    case = services.case_request_review(case=case, reason="不服")
    if to == Status.UNDER_REVIEW:
        return case
    case = services.case_decide_review(case=case, by=people["office"], decision="upheld", opinion="维持")
    case = services.case_request_review(case=case, reason="仍不服")
    assert to == Status.UNDER_REREVIEW
    return case


def rereviewed(town, people) -> Case:
    """A case through its re-review: the district's decision recorded as received."""
    case = walk(make_case(grid=town["grid_a"], received_at=timezone.now()), Status.UNDER_REREVIEW, town, people)
    return services.case_record_review_decision(
        case=case,
        by=people["office"],
        body="闵行区信访办",
        received_on=timezone.localdate(),
        decision="upheld",
        opinion="维持",
    )


@pytest.fixture
def case_at(town, people, subject):
    """case_at(status) makes a case in the grid of community A and walks it there."""

    def make(status: str = Status.REGISTERED, **overrides) -> Case:
        fields = {"grid": town["grid_a"], "subject": subject, "received_at": timezone.now()}
        fields.update(overrides)
        return walk(make_case(**fields), status, town, people)

    return make
