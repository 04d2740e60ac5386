"""Whatever the query string holds, the page answers: a clear message and a sane default, never an error."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from .conftest import TODAY

pytestmark = pytest.mark.django_db

LAST_30_DAYS = (date(2026, 6, 21), TODAY)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "custom", "from": "2026-13-01", "to": "2026-06-30"}, "Write dates as year-month-day"),
        ({"from": "yesterday"}, "Write dates as year-month-day"),
        ({"period": "custom", "from": "2026-06-30", "to": "2026-06-01"}, "The first day comes after the last day"),
        ({"period": "custom", "from": "2020-01-01", "to": "2026-06-30"}, "at most five years"),
        ({"period": "custom", "from": "0001-01-01", "to": "9999-12-31"}, "between 2000 and 2099"),
        ({"period": "custom", "to": "2026-06-30"}, "Choose the first day"),
        ({"period": "fortnight"}, "Unknown period"),
        ({"period": "custom", "from": "2026-06-01", "to": "2026-06-30'; DROP TABLE cases_case;--"}, "Write dates"),
    ],
)
def test_a_bad_period_gets_a_message_and_this_month(client, people, today, query, message):
    client.force_login(people["leader"])
    client.cookies.load({"django_language": "en"})

    response = client.get(reverse("dashboard:dashboard"), query)

    assert response.status_code == 200
    d = response.context["d"]
    assert (d.params.period.start, d.params.period.end) == LAST_30_DAYS
    assert any(message in p for p in d.params.problems), d.params.problems
    assert 'data-testid="dashboard-problems"' in response.content.decode()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("community", "999999"),
        ("community", "abc"),
        ("zone", "<script>alert(1)</script>"),
        ("department", "1 OR 1=1"),
        ("subject", "-1"),
        ("channel", "carrier-pigeon"),
        ("category", "=HYPERLINK(1)"),
    ],
)
def test_an_unknown_filter_is_left_out_with_a_message(client, people, make, today, name, value):
    make(date(2026, 7, 2))
    client.force_login(people["leader"])

    response = client.get(reverse("dashboard:dashboard"), {name: value})

    assert response.status_code == 200
    d = response.context["d"]
    assert name not in d.params.filters
    assert d.intake_total.count == 1
    assert len(d.params.problems) == 1
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html


def test_an_unknown_trend_falls_back_to_the_periods_own(client, people, today):
    client.force_login(people["leader"])
    response = client.get(reverse("dashboard:dashboard"), {"trend": "hourly"})
    assert response.status_code == 200
    assert response.context["d"].params.trend_unit == "week"


def test_hostile_and_huge_values_never_break_the_page_or_the_exports(client, people, today):
    client.force_login(people["leader"])
    query = {
        "period": "custom' --",
        "from": "２０２６-０６-０１",
        "to": "9" * 5000,
        "zone": "' OR 1=1 --",
        "community": "%00",
        "trend": "<img src=x onerror=alert(1)>",
        "unknown": "whatever",
    }
    for page in ("dashboard:dashboard", "dashboard:export-xlsx", "dashboard:export-csv"):
        response = client.get(reverse(page), query)
        assert response.status_code == 200, page
    html = client.get(reverse("dashboard:dashboard"), query).content.decode()
    assert "<img src=x" not in html
    # A NUL byte is refused before any page reads it (PostgreSQL stores no NUL in a string).
    assert client.get(reverse("dashboard:dashboard"), {**query, "period": "custom\x00"}).status_code == 400


def test_a_period_of_exactly_five_years_is_fine(client, people, today):
    client.force_login(people["leader"])
    response = client.get(
        reverse("dashboard:dashboard"), {"period": "custom", "from": "2021-07-21", "to": "2026-07-20"}
    )
    d = response.context["d"]
    assert d.params.problems == []
    assert d.params.trend_unit == "month"
    assert len(d.trend) == 61


def test_messages_are_in_chinese_by_default(client, people, today):
    client.force_login(people["leader"])
    response = client.get(reverse("dashboard:dashboard"), {"period": "fortnight"})
    assert response.context["d"].params.problems == [gettext("Unknown period: showing the last 30 days.")]
