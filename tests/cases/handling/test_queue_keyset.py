"""The queue read a page at a time from indexes gives the very cases, in the very order, of the plain query.

The plain query is the rule as written: cases_visible_to(user), every filter, one ORDER BY. Over random
filters, sorts and people, walking the Next links (and back again with Previous) must list exactly it,
and the counts the page fills in must be its size.
"""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.forms.queue import QueueFilter
from cases.models import Case, CaseAssignment, Category, Channel, Status
from cases.policy import cases_visible_to
from cases.selectors.queue import queue_page

from ...factories import bulk_cases

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 6, 10)
PAGE = 4


@pytest.fixture
def crowd(town, people):
    """Sixty cases over every status, two departments, two grids, with ties in due date and time received."""
    rng = random.Random(7)
    dues = [None, TODAY - timedelta(days=3), TODAY, TODAY + timedelta(days=2), TODAY + timedelta(days=30)]
    times = [datetime(2026, 5, d, 9, tzinfo=SHANGHAI) for d in (1, 1, 2, 20)]
    cases = []
    for i in range(60):
        misconduct = i % 9 == 0
        cases += bulk_cases(
            1,
            tier=town["tiers"]["building"],
            status=rng.choice(list(Status)),
            due_on=rng.choice(dues),
            received_at=rng.choice(times),
            lead_department=rng.choice([town["dept_a"], town["dept_b"], None]),
            community=rng.choice([town["community_a"], town["community_b"]]),
            grid=rng.choice([town["grid_a"], town["grid_b"], None]),
            channel=rng.choice([Channel.VISIT, Channel.PHONE]),
            needs_attention=i % 5 == 0,
            category=Category.MISCONDUCT if misconduct else Category.RELIEF,
            accused_department=town["dept_a"] if misconduct and i % 2 else None,
            accused_user=people["officer"] if misconduct and not i % 2 else None,
        )
    for case in cases[:8]:
        CaseAssignment.objects.create(case=case, user=people["officer"])
    for case in cases[8:14]:
        case.assisting_departments.add(town["dept_a"])
    return cases


WHO = st.sampled_from(["office", "officer", "head", "grid", "leader", "other_officer"])
PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "status": st.sampled_from(["open", "all", Status.CLOSED, Status.IN_PROGRESS, Status.REGISTERED]),
        "sort": st.sampled_from(["due", "newest", "oldest"]),
        "due": st.sampled_from(["overdue", "soon"]),
        "flag": st.sampled_from(["unsatisfied"]),
        "channel": st.sampled_from([Channel.VISIT, Channel.PHONE]),
        "community": st.sampled_from(["a", "b"]),
    },
)


def _plain(user, params: dict) -> list[int]:
    filterset = QueueFilter(params, queryset=cases_visible_to(user), today=TODAY)
    filterset.form.is_valid()
    return list(filterset.qs.values_list("pk", flat=True))


def _walk(user, params: dict) -> tuple[list[int], list[int]]:
    """Every page forward by Next, then back from the last by Previous: the case ids in list order."""
    filterset = QueueFilter(params, queryset=Case.objects.all(), today=TODAY)
    filterset.form.is_valid()

    def page(**cursor):
        return queue_page(
            user,
            narrowing=filterset.narrowing(),
            statuses=filterset.statuses(),
            sort=filterset.sort_value(),
            size=PAGE,
            today=TODAY,
            **cursor,
        )

    pages = [page()]
    while pages[-1].next_cursor:
        pages.append(page(after=pages[-1].next_cursor))
        assert len(pages) < 40
    forward = [c.pk for p in pages for c in p]
    backward_pages = [pages[-1]]
    while backward_pages[-1].previous_cursor:
        backward_pages.append(page(before=backward_pages[-1].previous_cursor))
        assert len(backward_pages) < 40
    backward = [c.pk for p in reversed(backward_pages) for c in p]
    return forward, backward


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(who=WHO, params=PARAMS)
def test_the_keyset_pages_list_the_plain_query_exactly(crowd, town, people, who, params):
    params = dict(params)
    if "community" in params:
        params["community"] = town[f"community_{params['community']}"].pk
    user = people[who]

    expected = _plain(user, params)
    forward, backward = _walk(user, params)

    assert forward == expected
    assert backward == expected


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(who=WHO, params=PARAMS)
def test_the_counts_the_page_fills_in_are_the_plain_query_s(client, crowd, town, people, who, params, time_machine):
    time_machine.move_to(datetime(2026, 6, 10, 9, tzinfo=SHANGHAI), tick=False)
    params = dict(params)
    if "community" in params:
        params["community"] = town[f"community_{params['community']}"].pk
    user = people[who]
    client.force_login(user)

    answer = client.get(reverse("handling:queue-counts"), params).json()

    assert answer["total"] == len(_plain(user, params))


def test_a_cursor_that_is_not_one_shows_the_first_page(client, crowd, people):
    client.force_login(people["office"])
    first = client.get(reverse("handling:queue"))
    for junk in ("x", "2026-01-01_nope_3", "9999-12-31_2026-05-01T09:00:00_1", "__", "1" * 300):
        response = client.get(reverse("handling:queue"), {"after": junk})
        assert response.status_code == 200, junk
        assert [c.pk for c in response.context["page"]] == [c.pk for c in first.context["page"]], junk
