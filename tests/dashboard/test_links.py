"""Every number on the dashboard opens the queue, and the queue lists exactly that many cases."""

import html
import random
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from cases.models import Category, Channel, Petitioner, Satisfaction, Status

from .conftest import JUNE, TODAY, at, link_person

pytestmark = pytest.mark.django_db

NUMBER_LINK = re.compile(r'<a[^>]*href="(/cases/\?[^"]*)"[^>]*>([\d,]+)</a>')


def _a_month_of_work(make, town, people) -> None:
    rng = random.Random(6)
    regular = Petitioner.objects.create(name="老周")
    for n in range(60):
        received = date(2026, 6, 1) + timedelta(days=rng.randint(0, 29))
        fields = {
            "channel": rng.choice([Channel.VISIT, Channel.WEB, Channel.PHONE]),
            "community": rng.choice([town["community_a"], town["community_b"]]),
            "lead_department": rng.choice([town["dept_a"], town["dept_b"]]),
            "is_group_visit": n % 13 == 0,
            "headcount": 8 if n % 13 == 0 else 1,
            "visit_kind": "repeat" if n % 7 == 0 else "first",
            "is_level_skipping": n % 17 == 0,
        }
        if fields["channel"] == Channel.WEB:
            fields["platform"] = make.web
        kind = rng.choice(["triage", "routed", "signed", "replied", "closed", "declined"])
        if kind == "triage":
            case = make(received, **{k: v for k, v in fields.items() if k != "lead_department"})
        elif kind == "declined":
            case = make(
                received, status=Status.NOT_ACCEPTED, **{k: v for k, v in fields.items() if k != "lead_department"}
            )
        elif kind == "routed":
            case = make.routed(received, received + timedelta(days=rng.randint(1, 20)), **fields)
        elif kind == "signed":
            case = make.signed(
                received,
                received + timedelta(days=rng.randint(2, 30)),
                tier_due_on=TODAY - timedelta(days=n % 3),
                **fields,
            )
        else:
            case = make.replied(
                received,
                received + timedelta(days=rng.randint(5, 45)),
                status=Status.CLOSED if kind == "closed" else Status.REPLIED,
                satisfaction=rng.choice(["", *Satisfaction.values]),
                rated_at=at(received + timedelta(days=46)),
                **fields,
            )
        if n % 10 == 0:
            link_person(case, regular)
    # A report against department A: it must not show for its head, nor behind any of its links.
    make(
        date(2026, 6, 15),
        category=Category.MISCONDUCT,
        accused_department=town["dept_a"],
        lead_department=town["dept_b"],
    )


def _total(client, listing: str) -> int:
    """The queue's total, as the page fills it in: from the counts its data-counts-url answers."""
    url = re.search(r'data-counts-url="([^"]+)"', listing).group(1)
    return client.get(html.unescape(url)).json()["total"]


def _check_links(client, query: dict) -> int:
    page = client.get(reverse("dashboard:dashboard"), query).content.decode()
    links = NUMBER_LINK.findall(page)
    assert links
    for url, shown in links:
        listing = client.get(html.unescape(url)).content.decode()
        assert _total(client, listing) == int(shown.replace(",", "")), (shown, html.unescape(url))
    return len(links)


@pytest.mark.parametrize(
    ("who", "extra"),
    [
        ("leader", {}),  # the rollup
        ("leader", {"community": "__b__"}),  # counted from the cases
        ("office", {"channel": Channel.WEB}),
        ("head", {}),  # department A only
    ],
)
def test_each_number_opens_a_queue_of_exactly_that_many_cases(client, people, make, town, today, who, extra):
    _a_month_of_work(make, town, people)
    query = {**JUNE, **{k: (str(town["community_b"].pk) if v == "__b__" else v) for k, v in extra.items()}}
    client.force_login(people[who])

    assert _check_links(client, query) > 40


def test_the_queue_keeps_its_old_behaviour_without_the_dashboards_parameters(client, people, make, today):
    make.signed(date(2026, 6, 1), date(2026, 6, 2))
    make.replied(date(2026, 6, 2), date(2026, 6, 20), status=Status.CLOSED)
    client.force_login(people["leader"])

    listing = client.get(reverse("handling:queue")).content.decode()

    assert _total(client, listing) == 1  # open cases only, as before


def test_the_queue_narrows_by_received_days_in_beijing_time(client, people, make, today):
    make(date(2026, 6, 1), received_at=at(date(2026, 6, 1), 0, 30))
    make(date(2026, 5, 31), received_at=at(date(2026, 5, 31), 23, 30))
    client.force_login(people["leader"])

    listing = client.get(reverse("handling:queue"), {"received_from": "2026-06-01", "received_to": "2026-06-01"})

    assert _total(client, listing.content.decode()) == 1


def test_the_queue_can_list_the_cases_no_department_leads_yet(client, people, make, town, today):
    make(date(2026, 6, 1))
    make.routed(date(2026, 6, 1), date(2026, 6, 2))
    client.force_login(people["leader"])

    listing = client.get(reverse("handling:queue"), {"department": "none"}).content.decode()
    assert _total(client, listing) == 1
    listing = client.get(reverse("handling:queue"), {"department": town["dept_a"].pk}).content.decode()
    assert _total(client, listing) == 1


def test_an_unknown_figure_in_the_queue_is_ignored_like_any_unknown_filter(client, people, make, today):
    make(date(2026, 7, 1))
    client.force_login(people["leader"])

    response = client.get(reverse("handling:queue"), {"measure": "everything'--"})

    assert response.status_code == 200
    assert _total(client, response.content.decode()) == 1


def test_a_department_head_following_a_link_to_another_department_sees_nothing_more(client, people, make, town, today):
    make.signed(date(2026, 6, 1), date(2026, 6, 2), lead_department=town["dept_b"])
    client.force_login(people["head"])

    listing = client.get(reverse("handling:queue"), {"department": town["dept_b"].pk, "status": "all"}).content.decode()

    assert _total(client, listing) == 0


def test_the_queue_says_what_a_dashboard_link_narrowed_it_by_and_keeps_it_when_refiltered(
    client, people, make, town, today
):
    make.signed(date(2026, 6, 3), date(2026, 6, 4), lead_department=town["dept_a"])
    client.force_login(people["leader"])
    query = {"received_from": "2026-06-01", "received_to": "2026-06-30", "department": town["dept_a"].pk, "page": 1}

    listing = client.get(reverse("handling:queue"), query).content.decode()

    chips = listing[listing.index('data-testid="queue-chips"') :]
    assert "2026-06-01" in chips and "2026-06-30" in chips and str(town["dept_a"]) in chips
    # The filter form carries them, so choosing a status keeps the dashboard's narrowing.
    assert f'<input type="hidden" name="department" value="{town["dept_a"].pk}">' in listing
    # Each chip drops only itself (and the page number).
    drop_department = re.search(r'data-testid="chip-department">.*?href="([^"]+)"', listing, re.S).group(1)
    assert "department" not in html.unescape(drop_department)
    assert "received_from=2026-06-01" in html.unescape(drop_department)
    assert "page=" not in html.unescape(drop_department)


def test_a_petitioner_chip_never_names_the_person(client, people, make, today):
    case = make.signed(date(2026, 6, 3), date(2026, 6, 4))
    secret = Petitioner.objects.create(name="隐秘的名字")
    link_person(case, secret)
    client.force_login(people["leader"])

    listing = client.get(reverse("handling:queue"), {"petitioner": secret.pk, "status": "all"}).content.decode()

    assert 'data-testid="chip-petitioner"' in listing
    chip = re.search(r'data-testid="chip-petitioner">(.*?)</span>', listing, re.S).group(1)
    assert "隐秘的名字" not in chip


def test_without_dashboard_parameters_the_queue_shows_no_chips(client, people, make, today):
    make.signed(date(2026, 6, 3), date(2026, 6, 4))
    client.force_login(people["leader"])

    assert "queue-chips" not in client.get(reverse("handling:queue")).content.decode()


def test_hostile_or_broken_dashboard_parameters_make_no_chip_and_are_never_echoed(client, people, make, today):
    make.signed(date(2026, 6, 3), date(2026, 6, 4))
    client.force_login(people["leader"])
    hostile = '"><script>alert(1)</script>'

    response = client.get(
        reverse("handling:queue"),
        {
            "received_from": hostile,
            "department": "1 OR 1=1",
            "zone": hostile,
            "measure": hostile,
            "petitioner": "x" * 5000,
        },
    )

    listing = response.content.decode()
    assert response.status_code == 200
    assert "queue-chips" not in listing
    assert "<script>alert(1)" not in listing
    assert _total(client, listing) == 1  # the broken filters are left out, nothing else changes
