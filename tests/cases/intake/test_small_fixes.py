"""Small things that cost the office time: headings that say the right thing, lists that show who, text shown once."""

import re

import pytest
from django.urls import reverse

from cases.models import Status
from cases.services import PetitionerData
from grids.models import Role

from ...factories import bulk_cases, make_case, make_staff
from ..handling.conftest import walk

pytestmark = pytest.mark.django_db


def test_the_platform_list_heads_its_name_column_as_the_platforms_name(client, town, reception):
    client.force_login(reception)

    html = client.get(reverse("platforms")).content.decode()

    assert '<th scope="col">平台</th>' in html
    assert '<th scope="col">姓名</th>' not in html


def test_todays_intake_names_the_petitioner_and_keeps_its_buttons_on_one_line(client, town, reception):
    make_case(platform=town["hall"], petitioners=[PetitionerData(name="钱建国", phone="13901230001")])
    client.force_login(reception)

    html = client.get(reverse("intake-today")).content.decode()

    cell = re.search(r'data-testid="today-petitioner">(.*?)</td>', html, re.S).group(1)
    assert "钱建国" in cell
    assert 'class="btn btn-primary ms-auto text-nowrap"' in html
    assert 'class="form-select form-select-sm w-auto"' in html


def test_todays_intake_names_every_petitioner_in_the_same_number_of_queries_for_2_or_30_cases(client, town, reception):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(reception)
    counts = []
    made = 0
    for n in (2, 30):
        for i in range(made, n):
            make_case(platform=town["hall"], petitioners=[PetitionerData(name=f"人{i}", phone=f"139000{i:05d}")])
        made = n
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("intake-today")).content.decode()
        assert f"人{n - 1}" in html
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("n, heading", [(1, "1 case in this list"), (2, "2 cases in this list")])
def test_the_english_queue_heading_counts_cases_once_with_the_right_plural(client, town, n, heading):
    bulk_cases(n, tier=town["tiers"]["community"], community=town["community_a"])
    client.force_login(make_staff(Role.PETITION_OFFICE))
    client.cookies.load({"django_language": "en"})

    html = client.get(reverse("handling:queue")).content.decode()
    answer = client.get(reverse("handling:queue-counts")).json()

    # The heading says "Cases" until the count arrives, then the count alone: never "Cases 2 cases".
    h1 = re.search(r'<h1[^>]*data-testid="queue-total"[^>]*>(.*?)</h1>', html, re.S).group(1).strip()
    assert h1 == "Cases"
    assert answer["total_text"] == heading


def test_the_queue_heading_in_chinese(client, town):
    bulk_cases(3, tier=town["tiers"]["community"], community=town["community_a"])
    client.force_login(make_staff(Role.PETITION_OFFICE))

    answer = client.get(reverse("handling:queue-counts")).json()

    assert answer["total_text"] == "3 件信访事项"


def test_the_tracking_page_shows_the_written_answer_once(client, town, people, subject):
    case = make_case(
        grid=town["grid_a"], subject=subject, petitioners=[PetitionerData(name="张三", phone="13912345678")]
    )
    case = walk(case, Status.REPLIED, town, people)
    client.post(reverse("track"), {"code": case.tracking_code, "check": "5678"})

    html = client.get(reverse("track-case", args=[case.tracking_code])).content.decode()

    assert html.count("经查属实，已拆除。") == 1
    assert 'href="#reply"' in html  # the timeline points to the answer instead of repeating it
    assert "已受理" in html  # other public texts stay in the timeline
