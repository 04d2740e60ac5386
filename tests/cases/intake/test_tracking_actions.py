"""From the tracking page the petitioner reads the answer, rates it, asks for a review; SMS tell of each step."""

import re

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


def _code(client, case: Case) -> str:
    """Ask for a one-time code as the petitioner's browser, and read it from the SMS in the outbox."""
    assert client.post(reverse("track-send-code", args=[case.tracking_code])).status_code == 302
    body = Notification.objects.filter(dedupe_key__startswith=f"resident:{case.pk}:code:").latest("pk").body
    return re.search(r"(?<!\d)\d{6}(?!\d)", body).group()


def test_the_petitioner_reads_the_written_answer(client, replied):
    html = _open(client, replied)

    assert "经查属实，已拆除。" in html
    assert 'data-testid="rate"' in html
    assert 'data-testid="request-review"' in html


def test_the_petitioner_rates_the_answer(client, replied):
    _open(client, replied)
    page = client.post(
        reverse("track-rate", args=[replied.tracking_code]),
        {
            "rating": Satisfaction.NOT_SATISFIED,
            "comment": "拆了又搭",
            "version": replied.version,
            "proof": _code(client, replied),
        },
    )

    assert page.status_code == 302
    replied.refresh_from_db()
    assert replied.satisfaction == Satisfaction.NOT_SATISFIED
    assert replied.needs_attention


def test_the_petitioner_asks_for_a_review(client, replied):
    _open(client, replied)
    page = client.post(
        reverse("track-review", args=[replied.tracking_code]),
        {"reason": "处理不彻底", "version": replied.version, "proof": _code(client, replied)},
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
    page = client.post(reverse("track-review", args=[replied.tracking_code]), {**data, "proof": _code(client, replied)})

    assert page.status_code == 400
    replied.refresh_from_db()
    assert replied.status == Status.REPLIED


def test_a_stale_page_gets_a_conflict_message(client, replied):
    _open(client, replied)
    page = client.post(
        reverse("track-rate", args=[replied.tracking_code]),
        {"rating": "satisfied", "version": replied.version - 1, "proof": _code(client, replied)},
    )
    assert page.status_code == 400
    assert "新状态" in page.content.decode() or "changed" in page.content.decode()


def test_a_rating_of_an_unanswered_case_is_refused(client, town):
    case = make_case(petitioners=[PetitionerData(name="张三", phone="13912345678")])
    _open(client, case)
    page = client.post(
        reverse("track-rate", args=[case.tracking_code]),
        {"rating": "satisfied", "version": case.version, "proof": _code(client, case)},
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
    assert len(texts) == 3  # routed, accepted (by the handling body), then replied
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
    assert Notification.objects.filter(kind="resident", state="pending").count() == 3
    assert deliver_pending() == 3
    assert len(sms) == 3


# --- Only the petitioner acts: a one-time code by SMS, or the PIN; never anyone logged in as staff --------


def test_the_tracking_page_offers_a_code_by_sms_before_the_forms(client, replied):
    html = _open(client, replied)

    assert 'data-testid="send-code"' in html
    assert 'name="proof"' in html


def test_the_code_goes_by_sms_to_the_cases_phone_after_commit(client, replied, sms, django_capture_on_commit_callbacks):
    _open(client, replied)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("track-send-code", args=[replied.tracking_code]))

    phone, text = sms[-1]
    assert phone == "13912345678"
    assert re.search(r"(?<!\d)\d{6}(?!\d)", text)


@pytest.mark.parametrize("who", ["officer", "office", "head"])
def test_staff_logged_in_cannot_rate_or_ask_for_review_even_with_code_digits_and_sms_code(client, replied, people, who):
    _open(client, replied)
    proof = _code(client, replied)
    client.force_login(people[who])

    rate = client.post(
        reverse("track-rate", args=[replied.tracking_code]),
        {"rating": Satisfaction.SATISFIED, "comment": "", "version": replied.version, "proof": proof},
    )
    review = client.post(
        reverse("track-review", args=[replied.tracking_code]),
        {"reason": "不服", "version": replied.version, "proof": proof},
    )
    send = client.post(reverse("track-send-code", args=[replied.tracking_code]))

    assert (rate.status_code, review.status_code, send.status_code) == (403, 403, 403)
    assert 'data-testid="track-refused"' in rate.content.decode()
    replied.refresh_from_db()
    assert (replied.status, replied.satisfaction) == (Status.REPLIED, "")
    assert not CaseReview.objects.filter(case=replied).exists()


@pytest.mark.parametrize("proof", ["", "000000", "12345", "abcdef"], ids=["none", "wrong", "short", "letters"])
def test_a_wrong_one_time_code_is_refused_and_nothing_is_written(client, replied, proof):
    _open(client, replied)
    right = _code(client, replied)
    if proof == right:
        proof = "999999" if right != "999999" else "000000"

    page = client.post(
        reverse("track-rate", args=[replied.tracking_code]),
        {"rating": Satisfaction.SATISFIED, "comment": "", "version": replied.version, "proof": proof},
    )

    assert page.status_code == 400
    assert 'name="rating"' in page.content.decode()
    version = replied.version
    replied.refresh_from_db()
    assert (replied.status, replied.satisfaction, replied.version) == (Status.REPLIED, "", version)


def test_the_petitioners_digits_alone_do_not_act_without_a_code(client, replied):
    _open(client, replied)
    page = client.post(
        reverse("track-rate", args=[replied.tracking_code]),
        {"rating": Satisfaction.SATISFIED, "comment": "", "version": replied.version, "proof": "5678"},
    )

    assert page.status_code == 400
    replied.refresh_from_db()
    assert replied.satisfaction == ""


def test_a_code_acts_once(client, replied):
    _open(client, replied)
    proof = _code(client, replied)
    client.post(
        reverse("track-rate", args=[replied.tracking_code]),
        {"rating": Satisfaction.SATISFIED, "comment": "", "version": replied.version, "proof": proof},
    )
    replied.refresh_from_db()

    again = client.post(
        reverse("track-review", args=[replied.tracking_code]),
        {"reason": "不服", "version": replied.version, "proof": proof},
    )

    assert again.status_code == 400
    assert not CaseReview.objects.filter(case=replied).exists()


def test_five_wrong_tries_end_the_code(client, replied):
    _open(client, replied)
    proof = _code(client, replied)
    wrong = "000000" if proof != "000000" else "111111"
    for _ in range(5):
        client.post(
            reverse("track-review", args=[replied.tracking_code]), {"reason": "不服", "version": 1, "proof": wrong}
        )

    page = client.post(
        reverse("track-review", args=[replied.tracking_code]),
        {"reason": "不服", "version": replied.version, "proof": proof},
    )

    assert page.status_code == 400
    replied.refresh_from_db()
    assert replied.status == Status.REPLIED


def test_an_old_code_stops_working_when_a_new_one_is_sent(client, replied):
    _open(client, replied)
    old = _code(client, replied)
    new = _code(client, replied)
    if old == new:
        pytest.skip("the two random codes happened to be equal")

    page = client.post(
        reverse("track-review", args=[replied.tracking_code]),
        {"reason": "不服", "version": replied.version, "proof": old},
    )
    assert page.status_code == 400


def test_codes_sent_for_one_case_are_limited(client, replied):
    _open(client, replied)
    for _ in range(5):
        _code(client, replied)

    client.post(reverse("track-send-code", args=[replied.tracking_code]))

    assert Notification.objects.filter(dedupe_key__startswith=f"resident:{replied.pk}:code:").count() == 5


def test_a_case_with_no_phone_proves_itself_by_its_pin(client, town, people, subject):
    case = make_case(grid=town["grid_a"], subject=subject, petitioners=[], is_anonymous=True, tracking_pin="246810")
    case = walk(case, Status.REPLIED, town, people)
    client.post(reverse("track"), {"code": case.tracking_code, "check": "246810"})
    html = client.get(reverse("track-case", args=[case.tracking_code])).content.decode()
    assert 'data-testid="send-code"' not in html and 'name="proof"' in html
    url = reverse("track-rate", args=[case.tracking_code])

    wrong = client.post(
        url, {"rating": Satisfaction.SATISFIED, "comment": "", "version": case.version, "proof": "135790"}
    )
    right = client.post(
        url, {"rating": Satisfaction.SATISFIED, "comment": "", "version": case.version, "proof": "246810"}
    )

    assert (wrong.status_code, right.status_code) == (400, 302)
    case.refresh_from_db()
    assert case.satisfaction == Satisfaction.SATISFIED
    assert client.post(reverse("track-send-code", args=[case.tracking_code])).status_code == 404
