"""The list endpoints make the same number of queries at two data sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Status

from ..factories import bulk_cases

pytestmark = pytest.mark.django_db


def _count(api, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        page = api.get(url, params or {})
    assert page.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("who", "params"),
    [
        ("office", {}),
        ("office", {"status": "all", "sort": "newest"}),
        ("officer", {}),
        ("grid", {"due": "overdue"}),
    ],
)
def test_the_case_list_makes_as_many_queries_for_10_cases_as_for_60(api_as, town, people, case_at, who, params):
    api = api_as(who)
    case_at(Status.ASSIGNED)
    bulk_cases(10, tier=town["tiers"]["building"], grid=town["grid_a"], lead_department=town["dept_a"])
    small = _count(api, "/api/v1/cases/", params)
    bulk_cases(50, tier=town["tiers"]["building"], grid=town["grid_a"], lead_department=town["dept_a"])
    large = _count(api, "/api/v1/cases/", params)
    assert small == large


def test_the_second_page_costs_what_the_first_does(api_as, town, case_at):
    api = api_as("office")
    bulk_cases(60, tier=town["tiers"]["building"], grid=town["grid_a"])
    first = api.get("/api/v1/cases/", {"page_size": 10}).json()
    with CaptureQueriesContext(connection) as one:
        api.get("/api/v1/cases/", {"page_size": 10})
    with CaptureQueriesContext(connection) as deep:
        api.get(first["next"])
    assert len(one) == len(deep)


@pytest.mark.parametrize(
    "url", ["/api/v1/departments/", "/api/v1/communities/", "/api/v1/grids/", "/api/v1/platforms/"]
)
def test_the_town_s_lists_make_one_query_whatever_their_size(api_as, town, url):
    from ..factories import CommunityFactory, DepartmentFactory, GridFactory, PlatformFactory

    api = api_as("officer")
    small = _count(api, url)
    for _ in range(5):
        community = CommunityFactory()
        GridFactory(community=community, tier=town["tiers"]["building"])
        DepartmentFactory()
        PlatformFactory()
    assert _count(api, url) == small
