"""Everyone who sees the whole town shares one count of it; anyone a report accuses gets their own."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import tasks
from cases.models import Case, Category, Status

from ...factories import make_case

pytestmark = pytest.mark.django_db


def _aggregates(client, params=None) -> tuple[dict, int]:
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("handling:queue-counts"), params or {}).json()
    counted = [q for q in queries.captured_queries if "COUNT(" in q["sql"] and "cases_case" in q["sql"]]
    return body, len(counted)


def test_the_office_and_a_leader_share_one_count_of_the_town(client, town, people, case_at):
    case_at(Status.REGISTERED)
    case_at(Status.IN_PROGRESS)
    client.force_login(people["office"])
    first, counted = _aggregates(client)
    client.force_login(people["leader"])
    second, counted_again = _aggregates(client)

    assert counted == 1 and counted_again == 0
    assert second["total"] == first["total"] == 2
    assert second["as_of_text"] == first["as_of_text"]  # how old the shared count is, said to both


def test_a_person_a_report_accuses_never_gets_the_towns_shared_count(client, town, people, case_at):
    case_at(Status.REGISTERED)
    report = make_case(category=Category.MISCONDUCT, what_happened="举报")
    Case.objects.filter(pk=report.pk).update(accused_user=people["leader"])
    client.force_login(people["office"])
    town_counts, _ = _aggregates(client)
    client.force_login(people["leader"])
    own, counted = _aggregates(client)

    assert counted == 1
    assert town_counts["total"] == 2
    assert own["total"] == 1  # the report is neither listed nor counted for the person it accuses


def test_a_department_never_shares_the_towns_count(client, town, people, case_at):
    case_at(Status.IN_PROGRESS)
    make_case()  # not routed: the department does not see it
    client.force_login(people["office"])
    _aggregates(client)
    client.force_login(people["officer"])
    own, counted = _aggregates(client)

    assert counted == 1 and own["total"] == 1


def test_the_unfiltered_town_counts_are_kept_warm_only_while_someone_opens_them(client, town, people, case_at):
    case_at(Status.IN_PROGRESS)
    assert tasks.warm_town_queue_counts() is False  # nobody asked: nothing is counted

    client.force_login(people["office"])
    before, _ = _aggregates(client)
    case_at(Status.REGISTERED)
    assert tasks.warm_town_queue_counts() is True
    after, counted = _aggregates(client)

    assert counted == 0  # served from what the task counted
    assert after["total"] == before["total"] + 1
    cache.clear()
    fresh, _ = _aggregates(client)
    assert fresh["counts"] == after["counts"]  # the task counts exactly what the page would
    assert fresh["total_text"] == after["total_text"]


def test_a_filtered_view_does_not_keep_the_task_busy(client, town, people, case_at):
    case_at(Status.IN_PROGRESS)
    client.force_login(people["office"])
    _aggregates(client, {"status": "all"})

    assert tasks.warm_town_queue_counts() is False
