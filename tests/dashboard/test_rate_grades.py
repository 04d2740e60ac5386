"""A rate's colour and word say how good it is, against thresholds from settings; the default period is 30 days."""

from datetime import date

import pytest
from django.urls import reverse

from dashboard import periods
from dashboard.rows import rate_grade

from .conftest import TODAY


@pytest.mark.parametrize(
    "key, value, grade",
    [
        ("response", 0.95, "good"),
        ("response", 0.90, "good"),
        ("response", 0.80, "fair"),
        ("response", 0.0, "poor"),
        ("satisfaction", None, None),
        ("repeat", 0.02, "good"),
        ("repeat", 0.10, "fair"),
        ("repeat", 0.40, "poor"),
    ],
)
def test_a_rate_is_graded_against_the_thresholds(key, value, grade):
    assert rate_grade(key, value) == grade


def test_the_thresholds_come_from_settings(settings):
    settings.DASHBOARD_RATE_GOOD, settings.DASHBOARD_RATE_FAIR = 0.6, 0.3
    settings.DASHBOARD_REPEAT_RATE_GOOD, settings.DASHBOARD_REPEAT_RATE_FAIR = 0.2, 0.3

    assert (rate_grade("response", 0.65), rate_grade("response", 0.35), rate_grade("response", 0.2)) == (
        "good",
        "fair",
        "poor",
    )
    assert rate_grade("repeat", 0.15) == "good"


def test_the_default_period_is_the_last_30_days_even_on_the_2nd_of_a_month():
    p = periods.preset(periods.DEFAULT, date(2026, 7, 2))

    assert (p.start, p.end, p.days, p.kind) == (date(2026, 6, 3), date(2026, 7, 2), 30, "last30")
    earlier = p.shifted(-1)
    assert (earlier.start, earlier.end) == (date(2026, 5, 4), date(2026, 6, 2))


@pytest.mark.django_db
def test_the_card_shows_the_grade_in_words_and_colour(client, people, make, today):
    make.signed(date(2026, 7, 1), date(2026, 7, 3))  # signed for in time: a response rate of 100 %
    client.force_login(people["leader"])

    html = client.get(reverse("dashboard:dashboard")).content.decode()

    assert "2026-06-21 – 2026-07-20" in html
    card = html.split('data-testid="rate-response"')[1].split('data-testid="rate-resolution"')[0]
    assert "rate-good" in card
    assert 'data-testid="rate-response-grade"' in card and "良好" in card
    assert TODAY.isoformat() in html
