"""Hostile values in every field of the mediation's forms and the list's filters: never a server error, never a
half write."""

import pytest
from django.db import transaction
from django.urls import reverse

from mediation.models import Agreement, Mediation, MediationEvent, Party, Session

from ..security.test_hostile_input import HOSTILE
from .conftest import under_way

pytestmark = pytest.mark.django_db


def _rows():
    return tuple(m.objects.count() for m in (Mediation, Party, Session, Agreement, MediationEvent))


def _send(client, url, data):
    with transaction.atomic():
        before = _rows()
        response = client.post(url, data)
        after = _rows()
        transaction.set_rollback(True)
    return response, before, after


SESSION = {
    "session-held_on": "2026-03-01",
    "session-place": "居委",
    "session-attendees": "双方",
    "session-record": "记录",
    "session-reported_to_police_at": "",
}
AGREEMENT = {
    "agreement-form": "written",
    "agreement-reached_on": "2026-03-02",
    "agreement-main_facts": "事实",
    "agreement-points_in_dispute": "争议",
    "agreement-responsibilities": "责任",
    "agreement-performance": "五日内",
    "agreement-term_1": "拆除",
    "agreement-term_1_due_on": "2026-03-09",
}


@pytest.mark.parametrize("form", ["session", "agreement", "consent", "fail"])
def test_every_hostile_value_in_every_field_is_answered_without_a_server_error_or_a_half_write(
    client, committees, people, form
):
    client.force_login(people["mediator"])
    mediation = under_way(committees["yinyi"])
    party = mediation.parties.first()
    valid = {
        "session": SESSION,
        "agreement": {**AGREEMENT, "agreement-term_1_obligor": party.pk},
        "consent": {"consent-party": party.pk, "consent-consent": "refused", "consent-reason": "不愿意"},
        "fail": {"fail-reason": "分歧", "fail-told_court": "on"},
    }[form]
    valid = {f"{form}-version": mediation.version, **valid}
    url = reverse("mediation:step", args=[mediation.pk, form])
    problems = []
    for field in valid:
        for kind, value in HOSTILE.items():
            response, before, after = _send(client, url, {**valid, field: value})
            if response.status_code >= 500:
                problems.append(f"{field}={kind}: {response.status_code}")
            elif response.status_code != 302 and before != after:
                problems.append(f"{field}={kind}: refused yet rows changed")
    assert not problems, "\n".join(problems)


def test_every_hostile_value_in_the_lists_filters_is_answered(client, committees, people):
    client.force_login(people["office"])
    under_way(committees["yinyi"])
    for name in ("status", "committee", "dispute_type", "start", "end", "agreed", "confirmation"):
        for kind, value in HOSTILE.items():
            response = client.get(reverse("mediation:list"), {name: value})
            assert response.status_code in (200, 400), f"{name}={kind}"  # a NUL byte is refused at the door
    for kind, value in HOSTILE.items():
        assert client.get(reverse("mediation:figures"), {"year": value}).status_code in (200, 400), kind
