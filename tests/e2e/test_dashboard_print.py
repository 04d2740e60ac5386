"""The dashboard's default period, its graded rates, and the dashboard printed on A4 with every section."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from .conftest import SCREENSHOTS, login, screenshot
from .test_dashboard import _drawn

pytestmark = pytest.mark.e2e

SECTIONS = [
    "Intake",
    "Where matters were resolved",
    "Overdue and due soon, per department",
    "Early warnings",
    "Trend per week",
    "Departments, ranked",
    "Communities, ranked",
    "How we count",
    "Intake platform",
]


def _t(text: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_the_dashboard_opens_on_the_last_30_days_with_rates_graded_in_words(desktop, demo_town):
    page = desktop
    login(page, "leader")
    page.goto("/dashboard/")
    _drawn(page)

    assert "30" in page.inner_text("[data-testid=dashboard-period]")
    assert page.is_checked("#period-last30")
    graded = page.locator("[data-testid$=-grade]")
    assert graded.count() >= 3
    words = {_t(w, "zh-hans") for w in ("Good", "Watch", "Poor")}
    for i in range(graded.count()):
        assert graded.nth(i).inner_text().strip() in words
    screenshot(page, "dashboard-default-zh")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_printed_dashboard_holds_every_section_on_a4(desktop, demo_town, language):
    page = desktop
    login(page, "leader")
    if language == "en":
        page.click("button[name=language][value=en]")
    page.goto("/dashboard/")
    _drawn(page)

    page.emulate_media(media="print")
    # Every chart fits the paper's width once the print layout applies.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.chart canvas')].every("
        "c => c.getBoundingClientRect().right <= document.documentElement.clientWidth + 1)"
    )
    assert page.evaluate("[...document.querySelectorAll('.dashboard details')].every(d => d.open)")
    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = SCREENSHOTS / f"dashboard-print-{language}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)

    text = re.sub(r"\s+", " ", _pdf_text(pdf))
    for heading in SECTIONS:
        wanted = _t(heading, language).split("(")[0].strip()
        assert wanted in text, heading
    # The early warnings' lists and the last ranked community are on paper, not cut off.
    assert _t("cases the petitioner was not satisfied with", language) in text
    last_community = page.locator("[data-testid=community-ranking] tbody tr th").last.inner_text().strip()
    # A long name may wrap inside its cell on paper: each of its words is there.
    assert all(word in text for word in last_community.split()), last_community
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(SCREENSHOTS / f"dashboard-print-{language}")])
