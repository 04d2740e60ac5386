"""The exports: the page's numbers in XLSX and CSV, headers in the reader's language, no formula ever."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from cases.models import Channel, Petitioner, Status
from dashboard.exports import safe

from ..factories import SubjectFactory
from .conftest import JUNE, at, link_person

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://evil.example","点我")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"]


@pytest.fixture
def hostile_town(town, make):
    """Names a spreadsheet would run as formulas: a community, a department, a subject, repeat petitioners."""
    town["community_a"].name = HOSTILE[0]
    town["community_a"].save()
    town["dept_a"].name = HOSTILE[3]
    town["dept_a"].save()
    make.subject.name = HOSTILE[2]
    make.subject.save()
    person = Petitioner.objects.create(name=HOSTILE[1])
    for day in (1, 2, 3):
        link_person(make.replied(date(2026, 6, day), date(2026, 6, 20), status=Status.CLOSED), person)
    make(date(2026, 6, 4), channel=Channel.WEB, platform=make.web)
    for day in (5, 6, 7):
        make(date(2026, 6, day), subject=SubjectFactory(code=f"s{day}", name="=1+1"))
    return town


def _xlsx(client, query: dict):
    response = client.get(reverse("dashboard:export-xlsx"), query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="zhuanqiao-dashboard-2026-06-01_2026-06-30')
    return load_workbook(io.BytesIO(response.content))


def test_the_xlsx_holds_every_table_with_the_pages_numbers(client, people, make, today):
    for day in (1, 2):
        make.replied(date(2026, 6, day), date(2026, 6, 10), satisfaction="satisfied", rated_at=at(date(2026, 6, 11)))
    make(date(2026, 6, 3), channel=Channel.WEB, platform=make.web)
    client.force_login(people["leader"])
    page = client.get(reverse("dashboard:dashboard"), JUNE).context["d"]

    book = _xlsx(client, JUNE)

    assert len(book.sheetnames) == 10
    rates = book.worksheets[1]
    rows = {row[0].value: [c.value for c in row[1:4]] for row in rates.iter_rows(min_row=2)}
    for r in page.rates:
        assert rows[r.label][:2] == [r.numerator, r.denominator]
        assert rows[r.label][2] == (None if r.value is None else pytest.approx(r.value))
    assert rates["D2"].number_format == "0.0%"
    channels = {row[0].value: row[1].value for row in book.worksheets[2].iter_rows(min_row=2)}
    assert channels[str(Channel.WEB.label)] == 1


def test_headers_are_in_chinese_by_default_and_in_english_when_asked(client, people, today):
    client.force_login(people["leader"])
    with translation.override("zh-hans"):
        book = _xlsx(client, JUNE)
    assert book.worksheets[2]["A1"].value == "渠道"
    assert book.worksheets[8]["B1"].value == "居村"

    client.cookies.load({"django_language": "en"})
    book = _xlsx(client, JUNE)
    assert book.worksheets[2]["A1"].value == "Channel"


def test_no_cell_of_the_xlsx_is_a_formula_and_hostile_text_is_escaped(client, people, hostile_town, today):
    client.force_login(people["leader"])
    book = _xlsx(client, JUNE)

    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    assert not cell.value.startswith(("=", "+", "-", "@")), (sheet.title, cell.coordinate)
    # The community, the petitioner and the department each fill a cell of their own; the subject only
    # follows a community's name ("community · subject"), where it cannot start a formula.
    for name in (HOSTILE[0], HOSTILE[1], HOSTILE[3]):
        assert "'" + name in texts, name


def test_the_csv_starts_with_a_byte_order_mark_and_escapes_hostile_text(client, people, hostile_town, today):
    client.force_login(people["leader"])
    response = client.get(reverse("dashboard:export-csv"), JUNE)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    cells = [cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row]
    assert all(not c.startswith(("=", "+", "-", "@")) for c in cells)
    for name in (HOSTILE[0], HOSTILE[1], HOSTILE[3]):
        assert "'" + name in cells, name
    assert "渠道" in cells


def test_safe_quotes_exactly_what_a_spreadsheet_would_run():
    assert [safe(v) for v in ["=1", "+1", "-1", "@x", "\tx", "\rx", "a=1", "一", "", 3, None]] == [
        "'=1",
        "'+1",
        "'-1",
        "'@x",
        "'\tx",
        "'\rx",
        "a=1",
        "一",
        "",
        3,
        None,
    ]


def test_an_export_without_the_export_permission_is_refused(client, people, today):
    from django.contrib.auth.models import Permission

    head = people["head"]
    head.groups.first().permissions.remove(Permission.objects.get(codename="export_cases"))
    client.force_login(head)

    assert client.get(reverse("dashboard:export-csv")).status_code == 403
    html = client.get(reverse("dashboard:dashboard")).content.decode()
    assert 'data-testid="export-csv"' not in html


def test_a_score_reads_the_same_with_its_percent_sign_on_screen_and_in_both_files(client, people, make, town, today):
    for day in range(1, 6):
        make.replied(date(2026, 6, day), date(2026, 6, 10), satisfaction="satisfied", rated_at=at(date(2026, 6, 11)))
    client.force_login(people["leader"])
    page = client.get(reverse("dashboard:dashboard"), JUNE)
    row = next(r for r in page.context["d"].departments if r.rank)
    assert row.score_percent.endswith("%")
    assert f">{row.score_percent}</td>" in page.content.decode()

    text = client.get(reverse("dashboard:export-csv"), JUNE).content.decode("utf-8-sig")
    csv_row = next(r for r in csv.reader(io.StringIO(text)) if len(r) > 2 and r[1] == row.label and r[0] == "1")
    assert csv_row[-1] == row.score_percent

    sheet = _xlsx(client, JUNE).worksheets[7]
    cell = next(r[8] for r in sheet.iter_rows(min_row=2) if r[1].value == row.label)
    assert cell.number_format == "0.0%"
    assert f"{cell.value * 100:.1f}%" == row.score_percent


def test_xlsx_columns_are_wide_enough_for_chinese_names(client, people, make, town, today):
    town["community_a"].name = "颛桥镇银都路第一居民委员会"  # 13 characters, 26 columns wide in Excel
    town["community_a"].save()
    make(date(2026, 6, 2))
    client.force_login(people["leader"])

    sheet = _xlsx(client, JUNE).worksheets[8]

    assert sheet.column_dimensions["B"].width >= 26
    assert sheet.column_dimensions["A"].width < 12  # the rank column stays narrow


def test_display_width_counts_chinese_characters_twice():
    from dashboard.exports import display_width

    assert display_width("银一居委") == 8
    assert display_width("Zone A") == 6
    assert display_width("９５％") == 6
