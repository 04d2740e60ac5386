"""From the tracking page the petitioner reads the answer, rates it, asks for a review; SMS tell of each step."""

import pytest
from django.urls import reverse

from cases.models import Case, CaseReview, Satisfaction, Status
from cases.services import PetitionerData
from notifications.models import Notification
from notifications.sms import ConsoleSmsBackend

from ...factories import make_case
from ..handling.conftest import walk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sms():
    ConsoleSmsBackend.sent.clear()
    return ConsoleSmsBackend.sent


@pytest.fixture
def replied(town, people, subject):
    case = make_case(
        grid=town["grid_a"], subject=subject, petitioners=[PetitionerData(name="张三", phone="13912345678")]
    )
    return walk(case, Status.REPLIED, town, people)


def _open(client, case: Case) -> str:
    client.post(reverse("track"), {"code": case.tracking_code, "check": "5678"})
    return client.get(reverse("track-case", args=[case.tracking_code])).content.decode()


def test_the_petitioner_reads_the_written_answer(client, replied):
    html = _open(client, replied)

    assert "经查属实，已拆除。" in html
    assert 'data-testid="rate"' in html
    assert 'data-testid="request-review"' in html


def test_the_petitioner_rates_the_answer(client, replied):
    _open(client, replied)
    page = client.post(
        reverse("track-rate", args=[replied.tracking_code]),
        {"rating": Satisfaction.NOT_SATISFIED, "comment": "拆了又搭", "version": replied.version},
    )

    assert page.status_code == 302
    replied.refresh_from_db()
    assert replied.satisfaction == Satisfaction.NOT_SATISFIED
    assert replied.needs_attention


def test_the_petitioner_asks_for_a_review(client, replied):
    _open(client, replied)
    page = client.post(
        reverse("track-review", args=[replied.tracking_code]), {"reason": "处理不彻底", "version": replied.version}
    )

    assert page.status_code == 302
    replied.refresh_from_db()
    assert replied.status == Status.UNDER_REVIEW
    assert CaseReview.objects.get(case=replied).reason == "处理不彻底"


@pytest.mark.parametrize(
    "data",
    [{"reason": "", "version": "1"}, {"reason": "长" * 5001, "version": "1"}, {"reason": "x", "version": "abc"}],
    ids=["empty", "oversized", "bad-version"],
)
def test_a_bad_review_request_gets_a_message_and_changes_nothing(client, replied, data):
    _open(client, replied)
    page = client.post(reverse("track-review", args=[replied.tracking_code]), data)

    assert page.status_code == 400
    replied.refresh_from_db()
    assert replied.status == Status.REPLIED


def test_a_stale_page_gets_a_conflict_message(client, replied):
    _open(client, replied)
    page = client.post(
        reverse("track-rate", args=[replied.tracking_code]), {"rating": "satisfied", "version": replied.version - 1}
    )
    assert page.status_code == 400
    assert "新状态" in page.content.decode() or "changed" in page.content.decode()


def test_a_rating_of_an_unanswered_case_is_refused(client, town):
    case = make_case(petitioners=[PetitionerData(name="张三", phone="13912345678")])
    _open(client, case)
    page = client.post(
        reverse("track-rate", args=[case.tracking_code]), {"rating": "satisfied", "version": case.version}
    )

    assert page.status_code == 400
    case.refresh_from_db()
    assert case.satisfaction == ""


def test_another_browser_cannot_act_on_the_case(client, replied):
    for name, data in (
        ("track-rate", {"rating": "satisfied", "version": 1}),
        ("track-review", {"reason": "x", "version": 1}),
    ):
        assert client.post(reverse(name, args=[replied.tracking_code]), data).status_code == 404
    assert client.get(reverse("track-rate", args=[replied.tracking_code])).status_code == 405


def test_the_petitioner_is_texted_at_each_step_they_wait_for(
    town, people, subject, sms, django_capture_on_commit_callbacks
):
    case = make_case(
        grid=town["grid_a"], subject=subject, petitioners=[PetitionerData(name="张三", phone="13912345678")]
    )
    with django_capture_on_commit_callbacks(execute=True):
        walk(case, Status.REPLIED, town, people)

    texts = [text for phone, text in sms if phone == "13912345678"]
    assert len(texts) == 2  # accepted, then replied
    assert all(case.tracking_code in t and "/track/" in t for t in texts)
    assert not any("张三" in t or "执法" in t for t in texts)


def test_case_actions_succeed_while_the_broker_is_down_and_the_texts_follow(
    town, people, subject, sms, broker_down, django_capture_on_commit_callbacks
):
    from notifications.delivery import deliver_pending

    case = make_case(
        grid=town["grid_a"], subject=subject, petitioners=[PetitionerData(name="张三", phone="13912345678")]
    )
    with django_capture_on_commit_callbacks(execute=True):
        case = walk(case, Status.REPLIED, town, people)

    assert case.status == Status.REPLIED
    assert sms == []
    assert Notification.objects.filter(kind="resident", state="pending").count() == 2
    assert deliver_pending() == 2
    assert len(sms) == 2
