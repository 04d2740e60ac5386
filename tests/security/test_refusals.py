"""Each kind of hostile input the outsider tried gets its own clear answer, and the redirects stay on this site."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from cases.models import Case, CaseEvent, Petitioner
from grids.models import Role
from notifications.models import Notification

from ..cases.intake.helpers import counter_post
from ..factories import make_case, make_staff

pytestmark = pytest.mark.django_db

REFUSAL_ZH = "无法读取"


@pytest.fixture
def clerk(client, reception):
    client.force_login(reception)
    return client


@pytest.mark.parametrize(
    ("method", "address", "data"),
    [
        ("get", "/s/{hall}%00/", None),
        ("post", "/s/{hall}%00/", {"what_happened": "x"}),
        ("get", "/track/?code=AB%00CD", None),
        ("post", "/track/", {"code": "AB\x00CD", "check": "1234"}),
        ("get", "/track/AB%00CD/", None),
        ("get", "/platforms/{hall}%00/poster/", None),
        ("get", "/intake/today/?platform={hall}%00", None),
    ],
)
def test_it_answers_a_nul_byte_with_a_clear_400(clerk, town, method, address, data):
    url = address.format(hall=town["hall"].code)
    page = getattr(clerk, method)(url, data) if data else getattr(clerk, method)(url)

    assert page.status_code == 400
    assert REFUSAL_ZH in page.content.decode()


def test_the_refusal_speaks_english_to_an_english_reader(client, town):
    client.cookies["django_language"] = "en"

    page = client.get(f"/s/{town['hall'].code}%00/")

    assert page.status_code == 400
    assert "could not be read" in page.content.decode()


def test_it_refuses_a_web_form_whose_body_is_not_utf8_and_stores_nothing(client, town):
    body = b"what_happened=%E5%99%AA%FF&request=x&phone=13912345678&consent=on&submission_key=k"

    page = client.post(f"/s/{town['hall'].code}/", body, content_type="application/x-www-form-urlencoded")

    assert page.status_code == 400
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "broken",
    [
        {"p-TOTAL_FORMS": None, "p-INITIAL_FORMS": None},
        {"p-TOTAL_FORMS": "many"},
        {"p-TOTAL_FORMS": "-1"},
        {"p-TOTAL_FORMS": "0"},
        {"p-INITIAL_FORMS": "²"},
    ],
    ids=["missing", "garbage", "negative", "no-rows", "superscript"],
)
def test_a_counter_form_with_its_row_counts_lost_is_refused_and_keeps_what_was_typed(clerk, town, broken):
    data = counter_post(platform=town["hall"].pk, what_happened="邻居半夜施工")
    for name, value in broken.items():
        if value is None:
            data.pop(name)
        else:
            data[name] = value

    page = clerk.post(reverse("intake-counter"), data)

    html = page.content.decode()
    assert page.status_code == 400
    assert "没有保存" in html
    assert "邻居半夜施工" in html and 'value="张三"' in html
    assert not Case.objects.exists() and not Petitioner.objects.exists()


@pytest.mark.parametrize("value", ["²", "-1", "abc", "9" * 30])
def test_an_earlier_case_that_is_not_a_number_gets_a_message_and_nothing_is_saved(clerk, town, value):
    page = clerk.post(reverse("intake-counter"), counter_post(platform=town["hall"].pk, repeat_of=value))

    assert page.status_code == 200
    assert "所选的原信访件无法使用" in page.content.decode()
    assert not Case.objects.exists()


def test_an_earlier_case_given_as_a_superscript_digit_is_not_looked_up(clerk, town):
    earlier = make_case(platform=town["hall"])

    page = clerk.post(reverse("intake-counter"), counter_post(platform=town["hall"].pk, repeat_of="²"))

    assert page.status_code == 200
    assert page.context["repeat_of"] is None
    assert Case.objects.get() == earlier


@pytest.fixture
def officer_with_news(client, town):
    officer = make_staff(Role.DEPARTMENT_OFFICER, username="news", department=town["dept_a"])
    note = Notification.objects.create(recipient=officer, channel=Notification.Channel.IN_APP, title="新的信访件")
    client.force_login(officer)
    return client, note


@pytest.mark.parametrize(
    "target",
    [
        "https://elsewhere.example/",
        "//elsewhere.example/",
        "http:elsewhere.example",
        "https:/elsewhere.example",
        "/\\elsewhere.example",
        "javascript:alert(1)",
        "x",
        "",
    ],
)
def test_marking_read_never_sends_the_reader_off_the_site(officer_with_news, target):
    client, _note = officer_with_news

    page = client.post(reverse("notifications-read"), {"next": target})

    assert page.status_code == 302
    assert page["Location"] == (reverse("notifications") if target != "x" else "x")


def test_marking_read_goes_back_to_the_page_on_this_site(officer_with_news):
    client, _note = officer_with_news

    page = client.post(reverse("notifications-read"), {"next": "/cases/?status=open"})

    assert page["Location"] == "/cases/?status=open"


def test_an_id_in_superscript_digits_marks_nothing_read(officer_with_news):
    client, note = officer_with_news

    client.post(reverse("notifications-read"), {"id": "²"})

    note.refresh_from_db()
    assert note.read_at is None


@pytest.mark.parametrize("target", ["javascript:alert(1)", "https://elsewhere.example/", "//elsewhere.example/"])
def test_logging_in_never_follows_a_next_off_the_site(client, reception, target):
    page = client.post(reverse("login") + "?next=" + target, {"username": "reception", "password": "a-long-test-pass"})

    assert page.status_code == 302
    assert page["Location"] == reverse("home")


def test_an_overlong_username_gets_a_message_and_is_not_logged_as_an_attempt(client, db):
    page = client.post(reverse("login"), {"username": "u" * 100_000, "password": "whatever"})

    assert page.status_code == 200
    assert "150" in page.content.decode()
    assert not AccessAttempt.objects.exists()


def test_a_queue_link_to_year_9999_shows_every_case_and_says_the_date_was_left_out(client, town):
    office = make_staff(Role.PETITION_OFFICE, username="office")
    make_case(platform=town["hall"])
    client.force_login(office)

    page = client.get(reverse("handling:queue"), {"received_to": "9999-12-31", "received_from": "0001-01-01"})

    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="queue-problems"' in html and "2099-12-31" in html
    assert page.context["page"].paginator.count == 1
    assert CaseEvent.objects.count() == 1


def test_the_receipt_of_a_case_nobody_at_the_counter_received_reads(client, town, reception):
    """A resident's web submission has no receiving officer; its receipt says so instead of failing."""
    case = make_case(by=None, platform=town["hall"])
    client.force_login(reception)

    page = client.get(reverse("intake-receipt", args=[case.pk]))

    assert page.status_code == 200
    assert case.tracking_code in page.content.decode()


def test_a_nul_byte_in_a_header_is_refused_before_a_failed_login_is_logged(client, db):
    page = client.post(reverse("login"), {"username": "nobody", "password": "wrong"}, HTTP_USER_AGENT="Mozilla\x00evil")

    assert page.status_code == 400
    assert not AccessAttempt.objects.exists()
