"""Two people on one case: the second never overwrites the first, sees the new state, and keeps what they typed."""

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case, CaseEvent, Outcome, Status
from cases.services import CaseConflict

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies.load({"django_language": "en"})
    return client


def _post(client, case: Case, action: str, version: int, **fields):
    data = {f"{action}-version": version, **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(reverse("handling:action", args=[case.pk, action]), data)


def test_a_second_sign_on_a_stale_copy_is_a_conflict_and_writes_nothing(town, people, case_at):
    case = case_at(Status.ASSIGNED)
    stale = Case.objects.get(pk=case.pk)
    services.case_sign(case=case, by=people["officer"])

    with pytest.raises(CaseConflict) as err:
        services.case_sign(case=stale, by=people["grid"], expected_version=stale.version)

    assert err.value.case.status == Status.IN_PROGRESS
    assert case.events.filter(new_status=Status.IN_PROGRESS).count() == 1


def test_the_second_officer_sees_the_new_state_and_what_they_typed(english, town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    rendered_at = case.version
    english.force_login(people["officer"])
    assert (
        _post(
            english, case, "reply", rendered_at, outcome="upheld", text="第一位承办人的答复", legal_basis="依据"
        ).status_code
        == 302
    )

    english.force_login(people["grid"])
    page = _post(
        english, case, "reply", rendered_at, outcome="not_upheld", text="第二位的答复，不应覆盖", legal_basis="依据"
    )

    html = page.content.decode()
    assert page.status_code == 409
    assert "Someone else changed this case" in html
    assert "Replied" in html, "the message names the new state"
    assert "Nothing you sent was saved" in html
    assert "第二位的答复，不应覆盖" in html, "what they typed is shown, to copy"
    case.refresh_from_db()
    assert (case.outcome, case.reply_text) == (Outcome.UPHELD, "第一位承办人的答复")
    assert case.events.filter(new_status=Status.REPLIED).count() == 1


def test_a_stale_reply_is_re_rendered_at_the_new_version_and_can_be_sent_again(english, town, people, case_at):
    case = case_at(Status.IN_PROGRESS)
    rendered_at = case.version
    services.case_add_note(case=case, by=people["head"], text="请先核实产权再答复")

    english.force_login(people["officer"])
    page = _post(english, case, "reply", rendered_at, outcome="explained", text="我的答复", legal_basis="依据")

    html = page.content.decode()
    assert page.status_code == 409
    assert "请先核实产权再答复" in html, "the page shows what changed meanwhile"
    assert "我的答复" in html
    fresh = Case.objects.get(pk=case.pk)
    assert f'name="reply-version" value="{fresh.version}"' in html
    assert (
        _post(
            english, case, "reply", fresh.version, outcome="explained", text="我的答复", legal_basis="依据"
        ).status_code
        == 302
    )
    assert Case.objects.get(pk=case.pk).status == Status.REPLIED


def test_the_same_form_sent_twice_acts_once(english, town, people, case_at):
    case = case_at(Status.ASSIGNED)
    english.force_login(people["officer"])

    first = _post(english, case, "sign", case.version, notice="已受理")
    second = _post(english, case, "sign", case.version, notice="已受理")

    assert (first.status_code, second.status_code) == (302, 409)
    assert case.events.filter(new_status=Status.IN_PROGRESS).count() == 1


def test_a_rating_sent_twice_is_recorded_once(town, people, case_at):
    case = case_at(Status.REPLIED)
    copy = Case.objects.get(pk=case.pk)
    services.case_rate(case=case, rating="satisfied")

    with pytest.raises((CaseConflict, services.ActionNotAllowed)):
        services.case_rate(case=copy, rating="not_satisfied")

    case.refresh_from_db()
    assert (case.satisfaction, case.needs_attention) == ("satisfied", False)


def test_the_change_and_its_event_are_written_together_or_not_at_all(town, people, case_at, monkeypatch):
    case = case_at(Status.ASSIGNED)
    before = case.version

    def broken_create(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(CaseEvent.objects, "create", broken_create)
    with pytest.raises(RuntimeError):
        services.case_sign(case=case, by=people["officer"])

    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.status, fresh.version, fresh.accepted_at) == (Status.ASSIGNED, before, None)
