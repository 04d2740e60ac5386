"""The dashboard as tables for Excel (XLSX) and CSV: the same numbers as the page, formulas never."""

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .forms import FILTER_LABELS
from .selectors import Dashboard, RateRow

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection); a leading
# apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value):
    """A cell value that no spreadsheet will evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class Percent:
    """A share: a number in XLSX (formatted as a percentage), text in CSV."""

    value: float | None

    def text(self) -> str:
        return "" if self.value is None else f"{self.value * 100:.1f}%"


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list]


def _rate_cells(rate: RateRow) -> list:
    return [rate.numerator, rate.denominator, Percent(rate.value)]


def sheets(d: Dashboard) -> list[Sheet]:
    """Every table of the page, with the period, the filters and how each rate is counted."""
    p = d.params
    about = [
        [_("Period"), f"{p.period.start.isoformat()} – {p.period.end.isoformat()}"],
        [_("Scope"), str(d.scope.department) if d.scope.department else _("Whole town")],
    ]
    for name, value in p.filters.items():
        about.append([str(FILTER_LABELS[name]), d.refs.names(name).get(value, value)])
    about.append([_("Exported at"), timezone.localtime().strftime("%Y-%m-%d %H:%M")])
    about.append([_("Cases received"), d.intake_total.count])
    about.append([_("Not accepted (registered only)"), d.not_accepted.count])
    about.append([_("Cases closed"), d.closed_total.count])
    about.append([_("Left the town"), d.left_town.count])
    summary = Sheet(_("Summary"), [_("Item"), _("Value")], about)

    rates = Sheet(
        _("Rates"),
        [_("Indicator"), _("Counted"), _("Out of"), _("Rate"), _("How it is counted")],
        [[r.label, *_rate_cells(r), r.definition] for r in d.rates],
    )
    channels = Sheet(
        _("Intake by channel"),
        [_("Channel"), _("Cases"), _("Share")],
        [[r.label, r.count, Percent(r.share)] for r in d.by_channel],
    )
    platforms = Sheet(
        _("Intake by platform"), [_("Intake platform"), _("Cases")], [[r.label, r.count] for r in d.by_platform]
    )
    tiers = Sheet(
        _("Resolved at tier"),
        [_("Tier"), _("Closed cases"), _("Share")],
        [[r.label, r.count, Percent(r.share)] for r in d.tiers] + [[_("Left the town"), d.left_town.count, ""]],
    )
    now = Sheet(
        _("Overdue today"),
        [_("Department"), _("Overdue"), _("Due soon"), _("Past the tier's target time")],
        [[r.label, r.overdue, r.due_soon, r.past_tier_target] for r in d.now_rows]
        + [[_("All"), d.now_total.overdue, d.now_total.due_soon, d.now_total.past_tier_target]],
    )
    trend = Sheet(
        _("Trend"),
        [
            _("From"),
            _("To"),
            _("Cases received"),
            _("Cases closed"),
            _("Response rate"),
            _("On-time completion rate"),
            _("Satisfaction rate"),
        ],
        [
            [
                t.start.isoformat(),
                t.end.isoformat(),
                t.received,
                t.closed,
                Percent(t.rates["response"].value),
                Percent(t.rates["on_time_completion"].value),
                Percent(t.rates["satisfaction"].value),
            ]
            for t in d.trend
        ],
    )

    def ranking_headers(name: str) -> list[str]:
        return [
            _("Rank"),
            name,
            _("Cases received"),
            _("Response rate"),
            _("On-time completion rate"),
            _("Resolution rate"),
            _("Satisfaction rate"),
            _("Overdue today"),
            _("Score"),
        ]

    def ranking(rows) -> list[list]:
        return [
            [
                r.rank or "",
                r.label,
                r.received,
                Percent(r.rates["response"].value),
                Percent(r.rates["on_time_completion"].value),
                Percent(r.rates["resolution"].value),
                Percent(r.rates["satisfaction"].value),
                r.overdue,
                Percent(r.score),
            ]
            for r in rows
        ]

    departments = Sheet(_("Departments"), ranking_headers(_("Department")), ranking(d.departments))
    communities = Sheet(_("Communities"), ranking_headers(_("Community")), ranking(d.communities))
    w = d.warnings
    warning_rows = [[_("Repeat petitioners"), _("%(n)s cases") % {"n": r.cases}, r.name] for r in w.repeat_rows]
    warning_rows += [[_("Subject rising"), f"{r.before} → {r.now}", f"{r.community} · {r.subject}"] for r in w.rising]
    warning_rows += [
        [
            _("Repeat petitioners"),
            w.repeat_people,
            _("people with %(n)s or more cases in %(days)s days")
            % {
                "n": settings.DASHBOARD_REPEAT_MIN_CASES,
                "days": settings.DASHBOARD_REPEAT_WINDOW_DAYS,
            },
        ],
        [_("Group visits"), w.group_visits.count, _("%(n)s people") % {"n": w.group_people}],
        [_("Not satisfied"), w.not_satisfied.count, ""],
        [_("Past the tier's target time"), w.past_tier_target.count, ""],
    ]
    warnings = Sheet(_("Early warnings"), [_("Warning"), _("Count"), _("Detail")], warning_rows)
    return [summary, rates, channels, platforms, tiers, now, trend, departments, communities, warnings]


def _plain(value):
    if isinstance(value, Percent):
        return value.text()
    return safe(value) if value is not None else ""


def to_csv(tables: Iterable[Sheet]) -> bytes:
    """One file, a titled block per table. UTF-8 with a byte-order mark: Excel then reads the Chinese right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for n, sheet in enumerate(tables):
        if n:
            writer.writerow([])
        writer.writerow([safe(sheet.title)])
        writer.writerow([safe(h) for h in sheet.headers])
        for row in sheet.rows:
            writer.writerow([_plain(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


HEADER_FILL = PatternFill("solid", fgColor="F2DEDE")
# Columns are as wide as their longest cell (among the first rows), up to a limit past which text wraps.
COLUMN_WIDTH_ROWS = 500
MAX_COLUMN_WIDTH = 60


def display_width(text: str) -> int:
    """Width in Excel's character units: a Chinese character (East Asian wide or full-width) takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def to_xlsx(tables: Iterable[Sheet]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for sheet in tables:
        # Excel allows 31 characters and no []:*?/\ in a sheet's name.
        title = "".join(ch for ch in sheet.title if ch not in "[]:*?/\\")[:31] or "Sheet"
        ws = book.create_sheet(title)
        ws.append([safe(h) for h in sheet.headers])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
        for row in sheet.rows:
            ws.append([v.value if isinstance(v, Percent) else _plain(v) for v in row])
            for cell, value in zip(ws[ws.max_row], row, strict=False):
                if isinstance(value, Percent):
                    cell.number_format = "0.0%"
                elif isinstance(cell.value, str):
                    # Text stays text, even if it looks like a formula after all.
                    cell.data_type = "s"
                    cell.alignment = Alignment(wrap_text=len(cell.value) > 60, vertical="top")
        for index, header in enumerate(sheet.headers, start=1):
            cells = [header, *(_plain(r[index - 1]) for r in sheet.rows[:COLUMN_WIDTH_ROWS] if len(r) >= index)]
            width = max(display_width(str(v)) for v in cells)
            ws.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 6), MAX_COLUMN_WIDTH)
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
