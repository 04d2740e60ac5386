"""The dashboard and its exports make as many queries for 1,000 cases as for 10."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import CasePetitioner, Petitioner, Status
from dashboard import cube

from ..factories import bulk_cases
from .conftest import JUNE, TODAY, at

pytestmark = pytest.mark.django_db

VIEWS = [
    ("leader", "dashboard:dashboard", {}),  # this month, from the rollup
    ("leader", "dashboard:dashboard", {"period": "year"}),
    ("leader", "dashboard:dashboard", {**JUNE, "community": "__a__"}),  # counted from the cases
    ("head", "dashboard:dashboard", JUNE),
    ("office", "dashboard:dashboard", {"period": "quarter", "trend": "month"}),
    ("leader", "dashboard:export-xlsx", JUNE),
    ("head", "dashboard:export-csv", {"period": "year"}),
]


def _grow(town, n: int, seed: int) -> None:
    """n cases over the first half of 2026 in every status, both departments and communities, some repeat people."""
    rng = random.Random(seed)
    statuses = [Status.REGISTERED, Status.ASSIGNED, Status.IN_PROGRESS, Status.REPLIED, Status.CLOSED]
    people = [Petitioner.objects.create(name=f"常客{i}") for i in range(3)]
    for status in statuses:
        cases = bulk_cases(
            n // len(statuses),
            tier=town["tiers"]["building"],
            platform=town["hall"],
            status=status,
            received_at=at(TODAY - timedelta(days=rng.randint(1, 180))),
            community=rng.choice([town["community_a"], town["community_b"]]),
            lead_department=rng.choice([town["dept_a"], town["dept_b"]]) if status != Status.REGISTERED else None,
            due_on=TODAY + timedelta(days=rng.randint(-20, 20)),
            transfer_due_on=TODAY - timedelta(days=10),
        )
        CasePetitioner.objects.bulk_create(
            CasePetitioner(case=c, petitioner=people[i % len(people)], position=1) for i, c in enumerate(cases)
        )
    cube.refresh()  # the refresh task has run: the steady state is measured


def _count(client, page: str, query: dict) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(page), query)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_every_view_makes_the_same_queries_for_10_and_1000_cases(
    plain_client, people, town, today, django_assert_num_queries
):
    client = plain_client
    views = [
        (who, page, {k: (str(town["community_a"].pk) if v == "__a__" else v) for k, v in query.items()})
        for who, page, query in VIEWS
    ]
    _grow(town, 10, seed=1)
    small = []
    for who, page, query in views:
        client.force_login(people[who])
        client.get(reverse(page), query)  # warm: the session, content types
        small.append(_count(client, page, query))

    _grow(town, 990, seed=2)

    for (who, page, query), expected in zip(views, small, strict=True):
        client.force_login(people[who])
        client.get(reverse("home"))
        with django_assert_num_queries(expected):
            assert client.get(reverse(page), query).status_code == 200
    # The dashboard's own figures, plus the fixed one or two queries of each panel other apps register
    # (people's mediation, prevention's section and warnings).
    assert max(small) <= 32, small
