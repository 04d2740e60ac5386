"""Each rate's definition on hand-made cases, the expected numbers worked out by hand beside them.

Every test runs twice: once for the whole town without filters (read from the rollup) and once with a
filter that keeps every case (counted from the cases), and both must give the hand-made answer.
"""

from datetime import date

import pytest
from django.utils.translation import gettext

from cases.models import Category, Channel, ExtensionStatus, Satisfaction, Status
from dashboard import cube, forms, selectors
from grids.models import GridTier

from .conftest import JUNE, TODAY, at, link_person

pytestmark = pytest.mark.django_db


def _dashboard(*args):
    """The figures once the rollup's refresh task has run (pages only read)."""
    cube.refresh()
    return selectors.dashboard(*args)


D = date
# The cases in these tests are all requests for relief: this filter keeps them all, and forces a count from the cases.
SOURCES = {"rollup": {}, "cases": {"category": Category.RELIEF}}


def view(user, query: dict) -> selectors.Dashboard:
    refs = selectors.refs_load()
    scope = selectors.scope_for(user)
    locked = str(scope.department.pk) if scope.department else ""
    params, _form = forms.read_params(query, refs=refs, today=TODAY, locked_department=locked)
    assert not params.problems, params.problems
    return _dashboard(scope, params, refs, TODAY)


@pytest.fixture(params=list(SOURCES))
def june(request, people, today):
    """The June dashboard of the town leader, read one way or the other."""

    def read():
        d = view(people["leader"], {**JUNE, **SOURCES[request.param]})
        assert d.source == request.param
        return d

    return read


def rate(d: selectors.Dashboard, key: str) -> tuple[int, int]:
    row = next(r for r in d.rates if r.key == key)
    return row.numerator, row.denominator


def test_the_response_rate_counts_signing_for_by_the_notice_date_in_beijing_days(make, june):
    # Signed for on the notice date itself, late at night: in time.
    make.routed(D(2026, 6, 1), D(2026, 6, 2), status=Status.IN_PROGRESS, accepted_at=at(D(2026, 6, 17), 23, 30))
    # Half past midnight the day after the date (still the date in UTC): late.
    make.routed(D(2026, 6, 2), D(2026, 6, 3), status=Status.IN_PROGRESS, accepted_at=at(D(2026, 6, 19), 0, 30))
    # Routed 25 June, due 10 July, still not signed for on 20 July: late.
    make.routed(D(2026, 6, 20), D(2026, 6, 25))
    # Routed 15 July, due 30 July: still within the limit, not counted yet.
    make.routed(D(2026, 6, 30), D(2026, 7, 15))
    # Not routed yet: no notice clock.
    make(D(2026, 6, 5))
    # Not accepted: never counts, whatever its fields say.
    make.routed(D(2026, 6, 6), D(2026, 6, 7), status=Status.NOT_ACCEPTED, accepted_at=at(D(2026, 6, 8)))
    # Received 1 June at 00:30 Beijing time (31 May in UTC): a June case, signed for in time.
    signed = {"status": Status.IN_PROGRESS, "accepted_at": at(D(2026, 6, 5))}
    make.routed(D(2026, 6, 1), D(2026, 6, 1), received_at=at(D(2026, 6, 1), 0, 30), **signed)
    # Received 31 May at 23:00 Beijing time: a May case.
    make.routed(D(2026, 5, 31), D(2026, 6, 1), received_at=at(D(2026, 5, 31), 23), **signed)

    d = june()

    # In time: the first and the 1 June case = 2. Counted: those two, the late one, the unsigned one = 4.
    assert rate(d, "response") == (2, 4)
    assert next(r for r in d.rates if r.key == "response").percent == "50.0%"


def test_the_timely_acceptance_rate_counts_routing_by_the_transfer_date(make, june):
    make.routed(D(2026, 6, 1), D(2026, 6, 16), received_at=at(D(2026, 6, 1)))  # due 16 June, routed 16 June: in time
    case = make(D(2026, 6, 2), status=Status.ASSIGNED, routed_at=at(D(2026, 6, 18), 0, 10))  # due 17 June: late
    assert case.transfer_due_on == D(2026, 6, 17)
    make(D(2026, 6, 3))  # due 18 June, still at triage on 20 July: late
    make(D(2026, 6, 30), transfer_due_on=D(2026, 7, 25))  # due 25 July: not yet counted
    make(D(2026, 6, 4), status=Status.NOT_ACCEPTED)  # decided at intake: not counted

    # 1 in time out of 1 + 1 late + 1 waiting past its date.
    assert rate(june(), "timely_acceptance") == (1, 3)


def test_on_time_completion_uses_the_extended_date_and_resolution_counts_closed_out_of_replied(make, june):
    # Reply due 1 July in each case (set explicitly); the clock is days in Beijing.
    due = {"reply_due_on": D(2026, 7, 1)}
    make.replied(D(2026, 6, 1), D(2026, 7, 1), status=Status.CLOSED, closed_at=at(D(2026, 7, 2)), **due)  # in time
    make.replied(  # an extension moved the date to 31 July: replied 10 July is in time, and under review
        D(2026, 6, 2),
        D(2026, 7, 10),
        status=Status.UNDER_REVIEW,
        reply_due_on=D(2026, 7, 31),
        extension_status=ExtensionStatus.GRANTED,
        extension_days=30,
    )
    make.replied(D(2026, 6, 3), D(2026, 7, 2), **due)  # a day late, replied but not closed
    make.signed(D(2026, 6, 4), D(2026, 6, 5), reply_due_on=D(2026, 7, 5))  # unanswered past 5 July: late
    make.signed(D(2026, 6, 5), D(2026, 6, 6), reply_due_on=D(2026, 8, 1))  # due in August: not counted yet

    d = june()

    # On time: 2 of (2 in time + 1 late + 1 unanswered past its date).
    assert rate(d, "on_time_completion") == (2, 4)
    # Resolved: the closed one, out of the 3 replied and the 1 unanswered past its date.
    assert rate(d, "resolution") == (1, 4)


def test_satisfaction_counts_basically_satisfied_and_the_share_who_rated_is_of_the_replied(make, june):
    make.replied(D(2026, 6, 1), D(2026, 6, 20), satisfaction=Satisfaction.SATISFIED, rated_at=at(D(2026, 6, 21)))
    make.replied(
        D(2026, 6, 2), D(2026, 6, 20), satisfaction=Satisfaction.BASICALLY_SATISFIED, rated_at=at(D(2026, 6, 21))
    )
    make.replied(
        D(2026, 6, 3),
        D(2026, 6, 20),
        satisfaction=Satisfaction.NOT_SATISFIED,
        rated_at=at(D(2026, 6, 21)),
        needs_attention=True,
    )
    make.replied(D(2026, 6, 4), D(2026, 6, 20))  # replied, not rated
    make.signed(D(2026, 6, 5), D(2026, 6, 6))  # not replied yet: cannot rate
    make(D(2026, 6, 6), status=Status.NOT_ACCEPTED, satisfaction=Satisfaction.SATISFIED)  # never counts

    d = june()

    assert rate(d, "satisfaction") == (2, 3)  # satisfied + basically, out of 3 ratings
    assert rate(d, "participation") == (3, 4)  # 3 rated out of 4 replied
    assert d.warnings.not_satisfied.count == 1


def test_the_repeat_rate_counts_every_case_received_including_those_not_accepted(make, june):
    make(D(2026, 6, 1), visit_kind="repeat")
    make(D(2026, 6, 2), visit_kind="repeat", status=Status.NOT_ACCEPTED, not_accepted_reason="being_handled")
    for day in (3, 4, 5):
        make(D(2026, 6, day))
    make(D(2026, 5, 30), visit_kind="repeat")  # May

    d = june()

    assert rate(d, "repeat") == (2, 5)
    assert (d.intake_total.count, d.not_accepted.count) == (5, 1)


def test_not_accepted_cases_count_in_intake_and_in_no_handling_rate(make, june):
    make.replied(D(2026, 6, 1), D(2026, 6, 10), status=Status.CLOSED, satisfaction=Satisfaction.NOT_SATISFIED)
    before = {r.key: (r.numerator, r.denominator) for r in june().rates}
    # A not-accepted matter whose fields would otherwise count everywhere.
    make.replied(
        D(2026, 6, 2),
        D(2026, 6, 10),
        status=Status.NOT_ACCEPTED_AGAIN,
        satisfaction=Satisfaction.SATISFIED,
        rated_at=at(D(2026, 6, 11)),
        closed_at=at(D(2026, 6, 12)),
    )

    d = june()
    after = {r.key: (r.numerator, r.denominator) for r in d.rates}

    assert d.intake_total.count == 2 and d.not_accepted.count == 1
    assert after["repeat"] == (0, 2)  # intake: counted
    del before["repeat"], after["repeat"]
    assert after == before
    assert d.closed_total.count == 1


def test_tier_shares_are_of_closed_cases_and_left_the_town_counts_level_skipping_petitions(make, town, june):
    tiers = town["tiers"]
    district = GridTier.objects.create(code="district", level=4, name="区", target_days=30)
    for tier, n in ((tiers["building"], 2), (tiers["community"], 1), (tiers["town"], 1), (district, 1)):
        for _ in range(n):
            make.replied(D(2026, 6, 1), D(2026, 6, 10), status=Status.CLOSED, resolved_tier=tier)
    make.replied(D(2026, 6, 2), D(2026, 6, 10), resolved_tier=tiers["town"])  # replied, not closed: not counted
    make(D(2026, 6, 3), is_level_skipping=True)

    d = june()

    shares = {row.code: (row.count, row.percent if hasattr(row, "percent") else row.share_percent) for row in d.tiers}
    assert shares == {
        "building": (2, "40.0%"),
        "community": (1, "20.0%"),
        "town": (1, "20.0%"),
        "district": (1, "20.0%"),
    }
    assert d.closed_total.count == 5  # the district's is a row of its own
    make(date(2026, 6, 4), is_level_skipping=True, status=Status.NOT_ACCEPTED)  # intake: counted too
    assert june().left_town.count == 2


def test_overdue_and_due_soon_are_today_per_department_worst_first_whatever_the_period(make, town, june):
    a, b = town["dept_a"], town["dept_b"]
    make.signed(D(2026, 6, 1), D(2026, 6, 2), due_on=D(2026, 7, 19))  # A overdue
    make.signed(D(2026, 6, 2), D(2026, 6, 3), due_on=D(2026, 7, 10))  # A overdue
    make.signed(D(2026, 3, 2), D(2026, 3, 3), due_on=D(2026, 7, 15))  # A overdue, received in March
    make.signed(D(2026, 6, 3), D(2026, 6, 4), due_on=D(2026, 7, 23))  # A due soon (3 days)
    make.signed(D(2026, 6, 4), D(2026, 6, 5), due_on=D(2026, 8, 10))  # A neither
    make.signed(D(2026, 6, 5), D(2026, 6, 6), due_on=D(2026, 7, 1), lead_department=b)  # B overdue
    make(D(2026, 7, 6), due_on=D(2026, 7, 21))  # at triage, due soon
    make.replied(D(2026, 6, 6), D(2026, 6, 20), status=Status.CLOSED, due_on=D(2026, 7, 1))  # closed: nothing due
    make.signed(D(2026, 6, 7), D(2026, 6, 8), due_on=D(2026, 8, 1), tier_due_on=D(2026, 7, 1))  # past the tier target

    d = june()

    rows = [(r.label, r.overdue, r.due_soon) for r in d.now_rows]
    assert rows == [(str(a), 3, 1), (str(b), 1, 0), (gettext("Awaiting triage"), 0, 1)]
    assert (d.now_total.overdue, d.now_total.due_soon, d.now_total.past_tier_target) == (4, 2, 1)


def test_a_repeat_petitioner_has_three_cases_in_the_ninety_days_to_the_end_of_the_period(make, june):
    from cases.models import Petitioner

    often, twice = Petitioner.objects.create(name="钱多多"), Petitioner.objects.create(name="孙二")
    for day in (D(2026, 4, 5), D(2026, 5, 10), D(2026, 6, 20)):  # all within 2 April – 30 June
        link_person(make(day), often)
    for day in (D(2026, 3, 1), D(2026, 5, 1), D(2026, 6, 1)):  # 1 March is outside the 90 days
        link_person(make(day), twice)

    w = june().warnings

    assert w.repeat_window == (D(2026, 4, 2), D(2026, 6, 30))
    assert w.repeat_people == 1
    assert [(r.name, r.cases) for r in w.repeat_rows] == [("钱多多", 3)]


def test_a_subject_rising_in_a_community_is_flagged_against_the_days_before(make, town, june):
    from ..factories import SubjectFactory

    wages = SubjectFactory(code="wages", name="欠薪")
    a, b = town["community_a"], town["community_b"]
    # June (30 days) against the 30 days before, 2 – 31 May.
    for day in (1, 2, 3, 4):
        make(D(2026, 6, day), community=a)  # noise in A: 4 now
    make(D(2026, 5, 20), community=a)  # against 1 before: rising
    for day in (1, 2, 3):
        make(D(2026, 6, day), community=b)  # noise in B: 3 now
        make(D(2026, 6, day), community=a, subject=wages)  # wages in A: 3 now, none before: rising
    for day in (10, 11):
        make(D(2026, 5, day), community=b)  # 2 before: 3 is not twice that
    make(D(2026, 5, 1), community=b)  # 1 May is outside the 30 days before

    w = june().warnings

    assert w.rising_window == (D(2026, 6, 1), D(2026, 6, 30), D(2026, 5, 2), D(2026, 5, 31))
    assert [(r.community, r.subject, r.before, r.now) for r in w.rising] == [
        (str(a), "噪声", 1, 4),
        (str(a), "欠薪", 0, 3),
    ]


def test_group_visits_count_their_people(make, june):
    make(D(2026, 6, 1), is_group_visit=True, headcount=12)
    make(D(2026, 6, 2), is_group_visit=True, headcount=30, status=Status.NOT_ACCEPTED)
    make(D(2026, 6, 3))

    w = june().warnings

    assert (w.group_visits.count, w.group_people) == (2, 42)


def test_intake_is_counted_by_channel_and_platform(make, june):
    make(D(2026, 6, 1), channel=Channel.WEB, platform=make.web)
    make(D(2026, 6, 2), channel=Channel.WEB, platform=make.web)
    make(D(2026, 6, 3), channel=Channel.PHONE)

    d = june()

    channels = {r.code: r.count for r in d.by_channel}
    assert channels[Channel.WEB] == 2 and channels[Channel.PHONE] == 1 and channels[Channel.VISIT] == 0
    assert [(r.label, r.count) for r in d.by_platform] == [("银一居委信访平台", 2), ("接待大厅", 1)]
    assert next(r for r in d.by_channel if r.code == Channel.WEB).share_percent == "66.7%"


def test_hotline_hand_overs_and_higher_level_matters_are_channels_of_their_own(make, june):
    make(D(2026, 6, 1), channel=Channel.HOTLINE, handover_number="2026060100001")
    make(D(2026, 6, 2), channel=Channel.HOTLINE, handover_number="2026060200002")
    make(D(2026, 6, 3), channel=Channel.HIGHER_LEVEL, handover_number="闵信交〔2026〕12号")
    make(D(2026, 6, 4))

    d = june()

    channels = {r.code: r.count for r in d.by_channel}
    assert (channels[Channel.HOTLINE], channels[Channel.HIGHER_LEVEL], channels[Channel.VISIT]) == (2, 1, 1)
    assert next(r for r in d.by_channel if r.code == Channel.HOTLINE).share_percent == "50.0%"


def test_the_trend_is_per_week_for_a_month_and_per_month_for_a_year(make, people, today):
    make.replied(D(2026, 6, 1), D(2026, 6, 20), status=Status.CLOSED)  # the week of 1 June
    make(D(2026, 6, 9))  # the week of 8 June
    make(D(2026, 6, 30))  # the week of 29 June (cut at 30 June)
    make(D(2026, 2, 3))

    weeks = view(people["leader"], JUNE).trend
    months = view(people["leader"], {"period": "custom", "from": "2026-01-01", "to": "2026-06-30"}).trend

    assert [(t.start, t.end, t.received, t.closed) for t in weeks] == [
        (D(2026, 6, 1), D(2026, 6, 7), 1, 1),
        (D(2026, 6, 8), D(2026, 6, 14), 1, 0),
        (D(2026, 6, 15), D(2026, 6, 21), 0, 0),
        (D(2026, 6, 22), D(2026, 6, 28), 0, 0),
        (D(2026, 6, 29), D(2026, 6, 30), 1, 0),
    ]
    assert [(t.label, t.received) for t in months] == [
        ("2026-01", 0),
        ("2026-02", 1),
        ("2026-03", 0),
        ("2026-04", 0),
        ("2026-05", 0),
        ("2026-06", 3),
    ]


def test_departments_are_ranked_by_the_average_of_their_rates_once_they_have_enough_cases(make, town, june):
    a, b = town["dept_a"], town["dept_b"]
    # A: 5 cases, replied in time and closed, all satisfied: every rate 100%.
    for day in range(1, 6):
        make.replied(
            D(2026, 6, day),
            D(2026, 6, 20),
            status=Status.CLOSED,
            satisfaction=Satisfaction.SATISFIED,
            rated_at=at(D(2026, 6, 21)),
        )
    # B: 5 cases signed for in time, replied in time, none closed or rated: response 100, on time 100,
    # resolution 0 -> score (100 + 100 + 0) / 3.
    for day in range(1, 6):
        make.replied(D(2026, 6, day), D(2026, 6, 20), lead_department=b)

    rows = june().departments

    assert [(r.label, r.rank, r.score_percent) for r in rows] == [(str(a), 1, "100.0%"), (str(b), 2, "66.7%")]
