"""The pages: scoped to the committee's community (from the outsider's side), a fixed number of queries,
only the steps possible now, and forms that refuse wrong, missing, oversized and hostile input."""

from datetime import date

import pytest
from django.urls import reverse

from mediation.models import Consent, Status

from .conftest import open_mediation, sign_all, under_way, written_agreement

pytestmark = pytest.mark.django_db


def test_a_mediator_of_another_community_neither_lists_nor_opens_the_mediation(client, committees, people):
    mediation = open_mediation(committees["yinyi"])
    for outsider in (people["outsider"], people["outsider_staff"]):
        client.force_login(outsider)
        assert mediation.number not in client.get(reverse("mediation:list")).content.decode()
        assert client.get(reverse("mediation:detail", args=[mediation.pk])).status_code == 404
        step = reverse("mediation:step", args=[mediation.pk, "consent"])
        assert client.post(step, {"consent-version": 1}).status_code == 404
        assert client.get(reverse("mediation:agreement", args=[mediation.pk])).status_code == 404


def test_a_role_without_mediation_is_refused_the_pages(client, committees, people):
    client.force_login(people["reception"])
    assert client.get(reverse("mediation:list")).status_code == 403


@pytest.mark.parametrize("who", ["mediator", "colleague", "town_mediator", "office"])
def test_the_communitys_people_the_towns_committee_and_the_office_see_it(client, committees, people, who):
    mediation = open_mediation(committees["yinyi"])
    client.force_login(people[who])
    assert mediation.number in client.get(reverse("mediation:list")).content.decode()
    assert client.get(reverse("mediation:detail", args=[mediation.pk])).status_code == 200


def _make(n, committee):
    for _ in range(n):
        sign_all(written_agreement(under_way(committee)), date(2026, 3, 2))


def test_the_list_runs_the_same_number_of_queries_for_few_and_many(
    client, committees, people, django_assert_num_queries
):
    client.force_login(people["mediator"])
    _make(1, committees["yinyi"])
    client.get(reverse("mediation:list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("mediation:list"))
    _make(4, committees["yinyi"])
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(reverse("mediation:list")).content.decode()
    assert body.count('data-testid="mediation-row"') == 5


def test_the_page_runs_the_same_number_of_queries_whatever_it_holds(
    client, committees, people, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["mediator"])
    small = sign_all(written_agreement(under_way(committees["yinyi"])), date(2026, 3, 2)).mediation
    big = under_way(committees["yinyi"])
    agreement = written_agreement(big)
    sign_all(agreement, date(2026, 3, 2))
    from mediation.services import return_visit_record

    for i in range(3):
        return_visit_record(
            agreement=agreement, by=None, visited_on=date(2026, 3, 3 + i), visitor="赵敏", finding="已拆除"
        )
    client.get(reverse("mediation:detail", args=[small.pk]))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("mediation:detail", args=[small.pk]))
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("mediation:detail", args=[big.pk]))


def test_the_page_offers_only_the_steps_possible_now(client, committees, people):
    client.force_login(people["mediator"])
    mediation = open_mediation(committees["yinyi"])
    body = client.get(reverse("mediation:detail", args=[mediation.pk])).content.decode()
    assert 'data-step="consent"' in body and 'data-step="session"' not in body
    assert 'data-testid="no-fee"' in body and "不收取任何费用" in body

    response = client.post(
        reverse("mediation:step", args=[mediation.pk, "session"]), {"session-version": mediation.version}
    )
    assert response.status_code == 409


def test_a_grid_worker_reads_the_mediation_but_is_offered_no_step(client, committees, people, town):
    from grids.models import Role

    from ..factories import make_staff

    grid = make_staff(Role.GRID_WORKER, community=town["community_a"])
    mediation = open_mediation(committees["yinyi"])
    client.force_login(grid)
    body = client.get(reverse("mediation:detail", args=[mediation.pk])).content.decode()
    assert 'data-testid="no-steps"' in body
    assert client.post(reverse("mediation:step", args=[mediation.pk, "consent"]), {}).status_code == 403


def test_consent_through_the_page_and_a_refusal_without_reason_keeps_what_was_typed(client, committees, people):
    client.force_login(people["mediator"])
    mediation = open_mediation(committees["yinyi"])
    party = mediation.parties.first()
    url = reverse("mediation:step", args=[mediation.pk, "consent"])

    refused = client.post(
        url,
        {
            "consent-version": mediation.version,
            "consent-party": party.pk,
            "consent-consent": "refused",
            "consent-reason": "",
        },
    )
    assert refused.status_code == 400
    mediation.refresh_from_db()
    assert mediation.status == Status.OPENED

    given = client.post(
        url, {"consent-version": mediation.version, "consent-party": party.pk, "consent-consent": "given"}
    )
    assert given.status_code == 302
    party.refresh_from_db()
    assert party.consent == Consent.GIVEN


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({}, 400),  # missing everything
        (
            {
                "session-held_on": "not a date",
                "session-place": "居委",
                "session-attendees": "双方",
                "session-record": "记录",
            },
            400,
        ),
        (
            {
                "session-held_on": "9999-01-01",
                "session-place": "居委",
                "session-attendees": "双方",
                "session-record": "记录",
            },
            400,
        ),
        (
            {
                "session-held_on": "2026-03-01",
                "session-place": "居" * 201,
                "session-attendees": "双方",
                "session-record": "记录",
            },
            400,
        ),
        (
            {
                "session-held_on": "2026-03-01",
                "session-place": "居委",
                "session-attendees": "双方",
                "session-record": "x" * 10001,
            },
            400,
        ),
    ],
)
def test_a_session_form_refuses_wrong_missing_and_oversized_input_and_keeps_it(
    client, committees, people, data, status
):
    client.force_login(people["mediator"])
    mediation = under_way(committees["yinyi"])
    response = client.post(
        reverse("mediation:step", args=[mediation.pk, "session"]), {"session-version": mediation.version, **data}
    )
    assert response.status_code == status
    assert mediation.sessions.count() == 0
    if data.get("session-place") == "居委":
        assert "居委" in response.content.decode()


def test_hostile_input_is_stored_as_text_and_shown_escaped(client, committees, people):
    client.force_login(people["mediator"])
    mediation = under_way(committees["yinyi"])
    hostile = '<script>alert("x")</script>'
    response = client.post(
        reverse("mediation:step", args=[mediation.pk, "session"]),
        {
            "session-version": mediation.version,
            "session-held_on": "2026-03-01",
            "session-place": hostile,
            "session-attendees": "双方",
            "session-record": hostile,
        },
    )
    assert response.status_code == 302
    body = client.get(reverse("mediation:detail", args=[mediation.pk])).content.decode()
    assert hostile not in body and "&lt;script&gt;" in body


def test_a_stale_page_is_told_and_nothing_is_written(client, committees, people):
    client.force_login(people["mediator"])
    mediation = under_way(committees["yinyi"])
    data = {
        "session-version": mediation.version - 1,
        "session-held_on": "2026-03-01",
        "session-place": "居委",
        "session-attendees": "双方",
        "session-record": "记录",
    }
    assert client.post(reverse("mediation:step", args=[mediation.pk, "session"]), data).status_code == 409
    assert mediation.sessions.count() == 0


def test_the_printable_agreement_has_one_copy_per_party_and_the_committees(client, committees, people):
    client.force_login(people["mediator"])
    mediation = sign_all(written_agreement(under_way(committees["yinyi"])), date(2026, 3, 2)).mediation
    body = client.get(reverse("mediation:agreement", args=[mediation.pk])).content.decode()
    assert body.count('data-testid="agreement-document"') == 3
    assert "拆除鸽棚" in body


def test_opening_a_mediation_through_the_page_names_two_parties(client, committees, people):
    client.force_login(people["mediator"])
    url = reverse("mediation:new")
    base = {
        "committee": committees["yinyi"].pk,
        "origin": "application",
        "dispute_type": "neighbours",
        "subject": "噪音",
        "party_1": "甲",
        "party_2_kind": "person",
    }
    assert client.post(url, base).status_code == 400
    other = client.post(url, {**base, "committee": committees["beiqiao"].pk, "party_2": "乙"})
    assert other.status_code == 400  # not a committee this mediator sees
    assert client.post(url, {**base, "party_2": "乙"}).status_code == 302


def test_the_lists_filters_narrow_it_and_wrong_values_are_ignored(client, committees, people):
    client.force_login(people["office"])
    agreed = sign_all(written_agreement(under_way(committees["yinyi"])), date(2026, 3, 2)).mediation
    waiting = open_mediation(committees["beiqiao"])
    url = reverse("mediation:list")

    body = client.get(url, {"agreed": "on"}).content.decode()
    assert agreed.number in body and waiting.number not in body
    body = client.get(url, {"committee": committees["beiqiao"].pk}).content.decode()
    assert waiting.number in body and agreed.number not in body
    hostile = client.get(url, {"committee": "<script>", "status": "x" * 500, "start": "2026-13-45"})
    assert hostile.status_code == 200
    assert agreed.number in hostile.content.decode() and "<script>" not in hostile.content.decode()


def test_the_figures_count_by_month(client, committees, people):
    client.force_login(people["office"])
    sign_all(written_agreement(under_way(committees["yinyi"])), date(2026, 3, 2))
    response = client.get(reverse("mediation:figures"), {"year": "nonsense"})
    assert response.status_code == 200 and 'data-testid="figures"' in response.content.decode()
