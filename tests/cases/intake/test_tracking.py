"""Tracking a case with its code: the resident's view, no oracle, slowed and blocked guessing."""

import re
from unittest import mock

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.services import PetitionerData, case_add_note, case_route
from grids.models import Role

from ...factories import make_case, make_staff

pytestmark = pytest.mark.django_db
TRACK = "/track/"


@pytest.fixture
def case(town):
    return make_case(petitioners=[PetitionerData(name="张三", phone="13912345678")])


def _strip_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_resident_tracks_with_the_code_and_the_last_four_digits(client, case):
    page = client.post(TRACK, {"code": case.tracking_code, "check": "5678"})

    assert page.status_code == 302
    html = client.get(page["Location"]).content.decode()
    assert case.tracking_code in html
    assert "我们已收到" in html or "已收到" in html


def test_the_code_may_be_typed_loosely(client, case):
    loose = case.tracking_code.lower().replace("-", " ")
    assert client.post(TRACK, {"code": loose, "check": "5678"}).status_code == 302


def test_the_resident_sees_public_events_only_and_no_staff_names(client, town, case):
    officer = make_staff(Role.DEPARTMENT_OFFICER, username="officer-wang", department=town["dept_a"])
    officer.first_name = "王承办"
    officer.save()
    admin = make_staff(Role.ADMINISTRATOR)
    case = case_route(case=case, by=admin, lead_department=town["dept_a"], tier=case.tier)
    case = case_add_note(case=case, by=officer, text="内部备注：当事人情绪激动", is_public=False)
    case = case_add_note(case=case, by=officer, text="已联系物业，下周维修", is_public=True)

    client.post(TRACK, {"code": case.tracking_code, "check": "5678"})
    html = client.get(reverse("track-case", args=[case.tracking_code])).content.decode()

    assert "已联系物业，下周维修" in html
    assert "内部备注" not in html
    assert "王承办" not in html and "officer-wang" not in html
    assert "城管执法中队" in html  # the department is named, its people are not
    assert "13912345678" not in html and "张三" not in html


@pytest.mark.parametrize(
    "attempt",
    [
        {"code": "ZZZZ-ZZZZ", "check": "5678"},
        {"code": "CASE", "check": "0000"},
        {"code": "ZZZZ-ZZZZ", "check": "000000"},
    ],
    ids=["wrong-code", "wrong-digits", "wrong-both"],
)
def test_every_wrong_pair_gets_the_same_answer(client, case, attempt):
    if attempt["code"] == "CASE":
        attempt = {**attempt, "code": case.tracking_code}
    # Time stands still between the two requests: the footer prints the minute, which must not differ.
    with time_machine.travel(timezone.now(), tick=False):
        reference = Client().post(TRACK, {"code": "YYYY-YYYY", "check": "1111"})
        page = client.post(TRACK, attempt)

    assert page.status_code == 200
    assert _strip_csrf(page.content.decode()).replace(attempt["code"], "X").replace(
        attempt["check"], "Y"
    ) == _strip_csrf(reference.content.decode()).replace("YYYY-YYYY", "X").replace("1111", "Y")


def test_an_anonymous_case_needs_its_pin_not_phone_digits(client, town):
    anonymous = make_case(petitioners=[], is_anonymous=True, tracking_pin="246810", contact_phone="13912345678")

    assert client.post(TRACK, {"code": anonymous.tracking_code, "check": "5678"}).status_code == 200
    assert client.post(TRACK, {"code": anonymous.tracking_code, "check": "246810"}).status_code == 302


def test_the_case_page_needs_the_check_in_this_browser(client, case):
    before = client.get(reverse("track-case", args=[case.tracking_code]))
    assert before.status_code == 302 and before["Location"].startswith(TRACK + "?code=")

    client.post(TRACK, {"code": case.tracking_code, "check": "5678"})
    assert client.get(reverse("track-case", args=[case.tracking_code])).status_code == 200
    assert Client().get(reverse("track-case", args=[case.tracking_code])).status_code == 302


@pytest.mark.parametrize(
    "data",
    [{"code": "", "check": ""}, {"code": "A" * 200, "check": "12"}, {"code": "<script>", "check": "abcd"}],
    ids=["empty", "oversized", "hostile"],
)
def test_bad_input_gets_a_message_and_is_escaped(client, case, data):
    page = client.post(TRACK, data)

    html = page.content.decode()
    assert page.status_code == 200
    assert "<script>" not in html.split("</nav>", 1)[1]
    assert "invalid-feedback" in html


def test_repeated_failures_from_one_address_are_slowed_then_blocked(case, settings):
    settings.TRACK_SLOW_RATE = "3/10m"
    settings.TRACK_BLOCK_RATE = "6/d"
    guesser = Client(REMOTE_ADDR="10.0.0.7")
    for n in range(4):
        assert guesser.post(TRACK, {"code": f"ZZZZ-ZZZ{n + 2}", "check": "1234"}).status_code == 200

    slowed = guesser.post(TRACK, {"code": case.tracking_code, "check": "5678"})
    assert slowed.status_code == 429
    assert "10分钟后再试" in slowed.content.decode()


def test_repeated_failures_on_one_code_block_only_the_addresses_that_failed(case, settings):
    settings.TRACK_SLOW_RATE = "100/10m"
    settings.TRACK_CODE_RATE = "3/h"
    guesser = Client(REMOTE_ADDR="10.0.2.1")
    for n in range(4):
        guesser.post(TRACK, {"code": case.tracking_code, "check": f"{n:04d}"})

    page = guesser.post(TRACK, {"code": case.tracking_code, "check": "5678"})
    assert page.status_code == 429
    assert 'data-testid="track-guarded"' in page.content.decode()
    other = make_case(petitioners=[PetitionerData(name="李四", phone="13987654321")])
    assert guesser.post(TRACK, {"code": other.tracking_code, "check": "4321"}).status_code == 302


def test_six_failing_addresses_do_not_lock_the_petitioner_out_of_their_case(case):
    """With the limits as shipped: strangers guessing at a code never stop its petitioner."""
    for n in range(6):
        for attempt in range(3):
            Client(REMOTE_ADDR=f"10.0.1.{n}").post(TRACK, {"code": case.tracking_code, "check": f"{n}{attempt}00"})

    petitioner = Client(REMOTE_ADDR="10.0.9.9")
    assert petitioner.post(TRACK, {"code": case.tracking_code, "check": "5678"}).status_code == 302
    typo = Client(REMOTE_ADDR="10.0.9.8")
    assert typo.post(TRACK, {"code": case.tracking_code, "check": "5679"}).status_code == 200
    assert typo.post(TRACK, {"code": case.tracking_code, "check": "5678"}).status_code == 302


def test_one_address_is_paused_for_the_day_after_too_many_failures(case, settings):
    settings.TRACK_SLOW_RATE = "100/10m"
    settings.TRACK_BLOCK_RATE = "3/d"
    guesser = Client(REMOTE_ADDR="10.0.4.4")
    for n in range(4):
        guesser.post(TRACK, {"code": f"ZZZZ-ZZZ{n + 2}", "check": "1234"})

    page = guesser.post(TRACK, {"code": case.tracking_code, "check": "5678"})
    assert page.status_code == 429
    assert 'data-testid="track-blocked"' in page.content.decode()
    assert Client(REMOTE_ADDR="10.0.4.5").post(TRACK, {"code": case.tracking_code, "check": "5678"}).status_code == 302


@pytest.mark.parametrize(
    "attempt",
    [
        {"code": "ZZZZ-ZZZZ", "check": "5678"},
        {"code": "CASE", "check": "0000"},
        {"code": "CASE", "check": "5678"},
        {"code": "PIN", "check": "000000"},
        {"code": "PIN", "check": "246810"},
    ],
    ids=["wrong-code", "wrong-digits", "right-pair", "wrong-pin", "right-pin"],
)
def test_every_attempt_runs_exactly_one_password_hash_check_and_the_same_queries(client, case, attempt):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import cases.identity

    anonymous = make_case(petitioners=[], is_anonymous=True, tracking_pin="246810")
    code = {"CASE": case.tracking_code, "PIN": anonymous.tracking_code}.get(attempt["code"], attempt["code"])
    with (
        mock.patch.object(cases.identity, "check_password", wraps=cases.identity.check_password) as hashed,
        CaptureQueriesContext(connection) as queries,
    ):
        client.post(TRACK, {"code": code, "check": attempt["check"]})

    assert hashed.call_count == 1
    looked_up = [q["sql"] for q in queries.captured_queries if "cases_case" in q["sql"]]
    assert len(looked_up) == 1


def test_a_resident_who_types_right_is_never_slowed(case, settings):
    settings.TRACK_SLOW_RATE = "2/10m"
    resident = Client(REMOTE_ADDR="10.0.3.3")
    for _ in range(5):
        assert resident.post(TRACK, {"code": case.tracking_code, "check": "5678"}).status_code == 302


# --- Honest mistakes: explained, and never counted as guesses ------------------------------------------


@pytest.mark.parametrize("typed", ["13912345678", "139 1234 5678", "139-1234-5678", "+8613912345678"])
def test_a_whole_phone_number_is_taken_for_its_last_four_digits(client, case, typed):
    assert client.post(TRACK, {"code": case.tracking_code, "check": typed}).status_code == 302


@pytest.mark.parametrize(
    ("check", "message"),
    [("12a4", "只能填写数字"), ("12345", "四位数字"), ("", "手机号码后四位")],
    ids=["letters", "five-digits", "empty"],
)
def test_wrong_input_is_explained_in_plain_words(client, case, check, message):
    html = client.post(TRACK, {"code": case.tracking_code, "check": check}).content.decode()

    assert message in html
    assert "确保该变量" not in html and "确保该值" not in html


def test_a_malformed_code_is_explained(client, case):
    html = client.post(TRACK, {"code": "1234", "check": "5678"}).content.decode()

    assert "ABCD-EFGH" in html and "8" not in html.split("invalid-feedback")[0][-5:]
    assert "查询码由8位字母和数字组成" in html


def test_five_honest_mistakes_do_not_lock_out_the_right_code_and_digits(case):
    resident = Client(REMOTE_ADDR="10.0.5.5")
    for typed in ["13912345678", "1391234567a", "123", "12345", "abcd", "5 6 7"]:
        resident.post(TRACK, {"code": case.tracking_code, "check": typed})
    for code in ["1234", "ABCD", "??", "ZZZZZZZZZZZZ"]:
        resident.post(TRACK, {"code": code, "check": "5678"})

    assert resident.post(TRACK, {"code": case.tracking_code, "check": "5678"}).status_code == 302


def test_real_mismatches_still_count(case, settings):
    settings.TRACK_SLOW_RATE = "3/10m"
    guesser = Client(REMOTE_ADDR="10.0.6.6")
    for n in range(4):
        assert guesser.post(TRACK, {"code": case.tracking_code, "check": f"000{n}"}).status_code == 200

    assert guesser.post(TRACK, {"code": case.tracking_code, "check": "5678"}).status_code == 429


def test_a_bookmarked_case_page_opens_the_form_with_the_code_filled_in(case):
    visitor = Client()
    page = visitor.get(reverse("track-case", args=[case.tracking_code]), follow=True)

    html = page.content.decode()
    assert page.status_code == 200
    assert f'value="{case.tracking_code}"' in html
    assert 'name="check"' in html


def test_a_bookmark_of_an_unknown_code_gets_the_same_answer(case):
    known = Client().get(reverse("track-case", args=[case.tracking_code]))
    unknown = Client().get(reverse("track-case", args=["ZZZZ-ZZZZ"]))

    assert known.status_code == unknown.status_code == 302
    assert known["Location"].split("?")[0] == unknown["Location"].split("?")[0] == TRACK
