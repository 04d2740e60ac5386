"""The queue's search finds any two characters or more, on PostgreSQL (through the index of character pairs)
and on SQLite (row by row), in the matter, the request, the address, the petitioners' names and phones."""

import pytest
from django.db import connection
from django.urls import reverse

from cases.models import Case, Petitioner
from cases.services.registration import PetitionerData

from ...factories import make_case


def _codes(client, q: str) -> set[str]:
    response = client.get(reverse("handling:queue"), {"q": q})
    assert response.status_code == 200
    return {case.tracking_code for case in response.context["page"]}


@pytest.fixture
def stories(town, people):
    return {
        "pigeons": make_case(
            grid=town["grid_a"],
            what_happened="邻居在水泵房顶搭建鸽棚，气味难闻",
            request="请求拆除违建",
            petitioners=[PetitionerData(name="佘老伯", phone="13901230002")],
        ),
        "post": make_case(
            grid=town["grid_b"],
            address="北桥邮局旁 12 号",
            what_happened="老人不会用手机缴费",
            request="恢复线下缴费",
            petitioners=[PetitionerData(name="王阿姨", phone="13700000001")],
        ),
        "other": make_case(grid=town["grid_a"]),
    }


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("鸽棚", {"pigeons"}),
        ("违建", {"pigeons"}),
        ("邮局", {"post"}),
        ("北桥邮局旁", {"post"}),
        ("佘老", {"pigeons"}),
        ("阿姨", {"post"}),
        ("13700000001", {"post"}),
        ("缴费", {"post"}),
        ("棚鸽", set()),  # the same pairs' characters in another order are not the word
        ("鸽房", set()),  # both characters present, never side by side
        ("'&!|", set()),  # tsquery operators are only characters to find
    ],
)
def test_search_finds_two_characters_and_more(client, people, stories, q, found):
    client.force_login(people["office"])
    assert _codes(client, q) == {stories[name].tracking_code for name in found}, q


def test_search_follows_a_renamed_petitioner_and_a_changed_matter(client, people, stories):
    client.force_login(people["office"])
    Petitioner.objects.filter(name="王阿姨").update(name="王秀英")
    Case.objects.filter(pk=stories["other"].pk).update(what_happened="楼道里有人养鸽子")

    assert _codes(client, "秀英") == {stories["post"].tracking_code}
    assert _codes(client, "阿姨") == set()
    assert _codes(client, "养鸽") == {stories["other"].tracking_code}


def test_search_keeps_to_the_cases_the_person_may_see(client, people, stories):
    client.force_login(people["other_grid"])  # grid B: the post office story only
    assert _codes(client, "鸽棚") == set()
    assert _codes(client, "邮局") == {stories["post"].tracking_code}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index of character pairs is PostgreSQL's")
def test_on_postgresql_the_search_is_read_from_the_index(people, stories):
    from cases.forms.queue import search_q

    sql = str(Case.objects.filter(search_q("鸽棚")).query)
    assert "cases_casesearch" in sql
    with connection.cursor() as cursor:
        cursor.execute("SELECT bigrams::text FROM cases_casesearch WHERE case_id = %s", [stories["pigeons"].pk])
        (vector,) = cursor.fetchone()
        assert "'鸽棚'" in vector and "'佘老'" in vector and "'02'" in vector


def test_a_tracking_code_is_found_as_typed_or_as_printed(client, people, stories):
    client.force_login(people["office"])
    code = stories["post"].tracking_code
    assert _codes(client, code) == {code}
    assert _codes(client, code.lower()) == {code}
