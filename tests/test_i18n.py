"""Chinese first, English complete: the zh_Hans catalog covers every marked string."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _problems(po: polib.POFile) -> list[str]:
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    return [f"untranslated: {m}" for m in untranslated] + [f"fuzzy: {m}" for m in fuzzy]


def test_the_committed_catalog_has_no_untranslated_or_fuzzy_entry():
    assert _problems(polib.pofile(str(PO))) == []


def test_the_catalog_covers_every_string_marked_in_the_code(tmp_path, monkeypatch):
    """makemessages on a copy of the project: a newly marked string without Chinese fails here."""
    if not shutil.which("xgettext"):
        pytest.fail("gettext is not installed: scripts/system-deps.sh installs it")
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "static", "staticfiles", "media", "*.sqlite3", "node_modules"),
    )
    monkeypatch.chdir(copy)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "--ignore=tests/*",
            "--ignore=bench/*",
        ],
        check=True,
        capture_output=True,
    )
    assert _problems(polib.pofile(str(copy / PO.relative_to(ROOT)))) == []


def test_the_compiled_catalog_matches_the_source():
    """The .mo is committed (a fresh machine may lack gettext); it must say what the .po says."""
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(MO))}
    for entry in polib.pofile(str(PO)).translated_entries():
        assert compiled.get(entry.msgid) == entry.msgstr, f"recompile the catalog: {entry.msgid!r}"


@pytest.mark.django_db
def test_a_visitor_sees_chinese_by_default_and_can_switch_to_english(client):
    page = client.get(reverse("login"))
    assert "工作人员登录" in page.content.decode()

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("login"))
    assert "Staff login" in page.content.decode()
    assert "工作人员登录" not in page.content.decode()
