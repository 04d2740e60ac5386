"""Backups: `manage.py backup` and `restore` bring the demo town back, every row and every uploaded file."""

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.cases.intake.helpers import PDF, PNG
from tests.upgrade.test_upgrade import fresh_postgres

ROOT = Path(__file__).resolve().parents[2]
# Two real uploads through the intake service, so the files sit where the app puts them.
ADD_ATTACHMENTS = f"""
from django.core.files.uploadedfile import SimpleUploadedFile
from cases.models import Case
from cases.services.intake import attachment_add
case = Case.objects.order_by("pk").first()
attachment_add(case=case, upload=SimpleUploadedFile("信访信.pdf", {PDF!r}), by=None)
attachment_add(case=case, upload=SimpleUploadedFile("photo.png", {PNG!r}), by=None)
"""
COUNT_ROWS = "import json; from grids.backup import table_counts; print(json.dumps(table_counts()))"
# Each attachment row must find its own file, byte for byte, in the restored MEDIA_ROOT.
ATTACHMENT_FILES = """
import hashlib, json
from django.apps import apps
rows = apps.get_model("cases", "Attachment").objects.order_by("pk")
print(json.dumps({a.file.name: hashlib.sha256(a.file.open("rb").read()).hexdigest() for a in rows}))
"""


def run(database_url: str, media: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(TESTING="1", DATABASE_URL=database_url, MEDIA_ROOT=str(media))  # no REDIS_URL: Celery runs eagerly
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def manage(database_url: str, media: Path, *args: str) -> str:
    proc = run(database_url, media, *args)
    assert proc.returncode == 0, f"manage.py {args[0]} failed:\n{proc.stdout[-2000:]}{proc.stderr[-4000:]}"
    return proc.stdout


def last_json(output: str):
    return json.loads(output.strip().splitlines()[-1])


def file_hashes(media: Path) -> dict[str, str]:
    return {
        p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(media.rglob("*"))
        if p.is_file()
    }


def demo_town_backup(database_url: str, media: Path, backups: Path) -> tuple[Path, dict]:
    """Build the demo town with two uploads, back it up; return the backup folder and every table's row count."""
    manage(database_url, media, "migrate", "--noinput")
    manage(database_url, media, "seed_demo")
    manage(database_url, media, "shell", "-c", ADD_ATTACHMENTS)
    counts = last_json(manage(database_url, media, "shell", "-c", COUNT_ROWS))
    folder = Path(manage(database_url, media, "backup", str(backups)).strip().splitlines()[-1])
    return folder, counts


def assert_restored(database_url: str, media: Path, folder: Path, counts: dict, source_media: Path) -> None:
    out = manage(database_url, media, "restore", str(folder), "--yes")
    assert "match the manifest" in out
    assert last_json(manage(database_url, media, "shell", "-c", COUNT_ROWS)) == counts
    assert file_hashes(media) == file_hashes(source_media)
    attachments = last_json(manage(database_url, media, "shell", "-c", ATTACHMENT_FILES))
    assert len(attachments) == 2 and set(attachments.values()) == {
        hashlib.sha256(PDF).hexdigest(),
        hashlib.sha256(PNG).hexdigest(),
    }


def test_the_demo_town_restores_into_an_empty_postgresql_database_with_every_row_and_file(tmp_path):
    source_media, restored_media = tmp_path / "media", tmp_path / "restored-media"
    with fresh_postgres() as source:
        folder, counts = demo_town_backup(source, source_media, tmp_path / "backups")
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["vendor"] == "postgresql" and manifest["attachments"] == 2
        assert manifest["cases"] == counts["cases_case"] > 0 and manifest["tables"] == counts
        assert manifest["migrations"]["cases"] and manifest["migrations"]["grids"]
        with fresh_postgres() as empty:
            assert_restored(empty, restored_media, folder, counts, source_media)
        # Over the live database it came from, after a new case: back to the backup's rows exactly.
        manage(source, source_media, "shell", "-c", ADD_ATTACHMENTS)
        assert_restored(source, source_media, folder, counts, source_media)
        # A PostgreSQL dump does not go into SQLite.
        refused = run(f"sqlite:///{tmp_path / 'other.sqlite3'}", tmp_path / "m", "restore", str(folder), "--yes")
        assert refused.returncode != 0 and "postgresql database" in refused.stderr


@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory):
    work = tmp_path_factory.mktemp("sqlite-backup")
    folder, counts = demo_town_backup(f"sqlite:///{work / 'town.sqlite3'}", work / "media", work / "backups")
    return work, folder, counts


def test_the_demo_town_restores_into_an_empty_sqlite_database_with_every_row_and_file(sqlite_backup, tmp_path):
    work, folder, counts = sqlite_backup
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["vendor"] == "sqlite" and manifest["attachments"] == 2 and manifest["tables"] == counts
    assert_restored(f"sqlite:///{tmp_path / 'restored.sqlite3'}", tmp_path / "media", folder, counts, work / "media")


def test_a_backup_is_one_timestamped_folder_with_the_dump_the_uploads_and_their_checksums(sqlite_backup):
    _work, folder, _counts = sqlite_backup
    assert folder.name.startswith("zhuanqiao-") and not folder.with_name(folder.name + ".partial").exists()
    assert folder.stat().st_mode & 0o777 == 0o700
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in folder.iterdir()) == ["database.sqlite3", "manifest.json", "media.tar.gz"]
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest


def test_restore_changes_nothing_without_yes(sqlite_backup, tmp_path):
    _work, folder, _counts = sqlite_backup
    target = tmp_path / "untouched.sqlite3"
    refused = run(f"sqlite:///{target}", tmp_path / "media", "restore", str(folder))
    assert refused.returncode != 0 and "--yes" in refused.stderr
    assert not target.exists() and not (tmp_path / "media").exists()


def forged(folder: Path, tmp_path: Path, **changes) -> Path:
    """A copy of the backup with some files replaced and its manifest rewritten to match them."""
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    for name, content in changes.pop("files", {}).items():
        (copy / name).write_bytes(content)
        manifest["files"][name] = hashlib.sha256(content).hexdigest()
    manifest.update(changes)
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return copy


def test_restore_refuses_a_backup_of_another_kind_of_database(sqlite_backup, tmp_path):
    _work, folder, _counts = sqlite_backup
    copy = forged(folder, tmp_path, vendor="postgresql")
    (copy / "database.sqlite3").rename(copy / "database.dump")
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["database.dump"] = manifest["files"].pop("database.sqlite3")
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    target = tmp_path / "target.sqlite3"
    refused = run(f"sqlite:///{target}", tmp_path / "media", "restore", str(copy), "--yes")
    assert refused.returncode != 0 and "postgresql database" in refused.stderr
    assert not target.exists()


def test_restore_refuses_a_damaged_copy(sqlite_backup, tmp_path):
    _work, folder, _counts = sqlite_backup
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    with (copy / "database.sqlite3").open("r+b") as f:
        f.seek(200)
        f.write(b"\xff\xfe")
    target = tmp_path / "target.sqlite3"
    refused = run(f"sqlite:///{target}", tmp_path / "media", "restore", str(copy), "--yes")
    assert refused.returncode != 0 and "checksum" in refused.stderr
    assert not target.exists()


def hostile_archive(name: str, kind: bytes = tarfile.REGTYPE) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        safe = tarfile.TarInfo("cases/ok.txt")
        safe.size = 2
        archive.addfile(safe, io.BytesIO(b"ok"))
        member = tarfile.TarInfo(name)
        member.type = kind
        if kind == tarfile.SYMTYPE:
            member.linkname = "/etc/passwd"
        else:
            member.size = 4
        archive.addfile(member, io.BytesIO(b"evil") if kind == tarfile.REGTYPE else None)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("../escaped.txt", tarfile.REGTYPE),
        ("{tmp}/absolute.txt", tarfile.REGTYPE),
        ("cases/link", tarfile.SYMTYPE),
    ],
    ids=["dot-dot", "absolute", "symlink"],
)
def test_restore_refuses_an_upload_archive_that_writes_outside_media_root(sqlite_backup, tmp_path, name, kind):
    _work, folder, _counts = sqlite_backup
    name = name.format(tmp=tmp_path)  # an absolute path this test owns, so a leak is seen and harms nothing
    copy = forged(folder, tmp_path, files={"media.tar.gz": hostile_archive(name, kind)})
    target, media = tmp_path / "target.sqlite3", tmp_path / "box" / "media"
    refused = run(f"sqlite:///{target}", media, "restore", str(copy), "--yes")
    assert refused.returncode != 0 and "Nothing was restored" in refused.stderr
    assert not target.exists() and not media.exists()
    assert not (tmp_path / "box" / "escaped.txt").exists() and not (tmp_path / "absolute.txt").exists()
