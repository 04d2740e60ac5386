"""The inbox, the queue and the case page make as many queries for 1,000 cases as for 10."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import CaseAssignment, CasePetitioner, Petitioner, Status

from ...factories import bulk_cases

pytestmark = pytest.mark.django_db

QUEUE_VIEWS = [
    {},
    {"due": "overdue", "tier": "1", "sort": "newest"},
    {"q": "张三", "status": "all"},
    {"flag": "unsatisfied", "channel": "visit"},
    # A later page: the position is a sort key, read from the index like the first page.
    {"after": "2000-01-01_2000-01-01T00:00:00+00:00_1"},
    {"sort": "newest", "before": "2099-01-01T00:00:00+00:00_99999999"},
]


def _grow(town, people, n: int) -> None:
    """n open cases of grid A, led by department A, with a petitioner and the grid worker on each."""
    cases = bulk_cases(
        n,
        tier=town["tiers"]["building"],
        platform=town["hall"],
        grid=town["grid_a"],
        community=town["community_a"],
        lead_department=town["dept_a"],
    )
    person = Petitioner.objects.create(name="张三", phone="13900000000")
    CasePetitioner.objects.bulk_create(CasePetitioner(case=c, petitioner=person, position=1) for c in cases)
    CaseAssignment.objects.bulk_create(CaseAssignment(case=c, user=people["grid"]) for c in cases)


def _count(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params or {}).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["office", "officer", "grid"])
def test_the_queue_makes_the_same_queries_for_10_and_1000_cases(client, town, people, who, django_assert_num_queries):
    client.force_login(people[who])
    url = reverse("handling:queue")
    _grow(town, people, 10)
    client.get(url)  # warm: content types, the session
    small = [_count(client, url, params) for params in QUEUE_VIEWS]

    _grow(town, people, 990)

    for params, expected in zip(QUEUE_VIEWS, small, strict=True):
        with django_assert_num_queries(expected):
            assert client.get(url, params).status_code == 200
    # 14, and the idle timeout's renewal of the session on every request (an UPDATE, in a savepoint here).
    assert max(small) <= 17, small


def test_the_inbox_makes_the_same_queries_for_10_and_1000_cases(client, town, people, django_assert_num_queries):
    client.force_login(people["office"])
    url = reverse("handling:inbox")

    def grow(n):
        bulk_cases(n, tier=town["tiers"]["building"], platform=town["hall"], status=Status.REGISTERED)

    grow(10)
    client.get(url)
    small = _count(client, url)
    grow(990)

    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(("who", "status"), [("office", Status.REGISTERED), ("officer", Status.IN_PROGRESS)])
def test_the_case_page_makes_the_same_queries_for_10_and_1000_cases(
    client, town, people, case_at, who, status, django_assert_num_queries
):
    case = case_at(status)
    client.force_login(people[who])
    url = reverse("handling:case", args=[case.pk])
    _grow(town, people, 10)
    client.get(url)
    small = _count(client, url)

    _grow(town, people, 990)
    if status == Status.IN_PROGRESS:
        # A long history must not cost a query per line either.
        for n in range(30):
            case = services.case_add_note(case=case, by=people["officer"], text=f"第{n}次走访", is_public=n % 2 == 0)

    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200
    assert small <= 25, small


def test_the_written_reply_makes_the_same_queries_for_10_and_1000_cases(
    client, town, people, case_at, django_assert_num_queries
):
    case = case_at(Status.UNDER_REREVIEW)
    client.force_login(people["office"])
    url = reverse("handling:reply-document", args=[case.pk])
    client.get(url)
    small = _count(client, url)
    _grow(town, people, 1000)

    with django_assert_num_queries(small):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["office", "officer", "grid"])
def test_the_queue_counts_make_the_same_queries_for_10_and_1000_cases(client, town, people, who):
    from django.core.cache import cache

    client.force_login(people[who])
    url = reverse("handling:queue-counts")
    _grow(town, people, 10)
    client.get(url)  # warm: content types, the session
    small = []
    for params in QUEUE_VIEWS:
        cache.clear()
        small.append(_count(client, url, params))

    _grow(town, people, 990)

    for params, expected in zip(QUEUE_VIEWS, small, strict=True):
        cache.clear()
        assert _count(client, url, params) == expected, params
    # Kept a short while: asked again (another page of the same list too), the counts are not counted again.
    cache.clear()
    first = _count(client, url, {"due": "overdue"})
    assert _count(client, url, {"due": "overdue", "after": "2000-01-01_2000-01-01T00:00:00+00:00_1"}) < first
