"""Back up and restore the town: the database and the uploaded files, with a manifest to check a restore by.

It lives in `grids` because the backup is the town's, not one app's: it counts tables by name and
imports no app above its floor.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# The two counts an operator looks at first; every table's count is in the manifest too.
HEADLINE = {"cases": "cases_case", "attachments": "cases_attachment"}


class BackupError(Exception):
    """Something an operator must fix; the message says what."""


def _vendor() -> str:
    if connection.vendor not in DUMPS:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def _pg_env() -> dict[str, str]:
    """libpq's own variables: the password never appears on a command line (where `ps` would show it)."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    env["PGDATABASE"] = db["NAME"]
    return env


def _run(args: list[str]) -> None:
    # The arguments are fixed here and paths from the operator; no shell is involved.
    proc = subprocess.run(args, env=_pg_env(), capture_output=True, text=True)  # noqa: S603
    if proc.returncode != 0:
        raise BackupError(f"{args[0]} failed (exit {proc.returncode}):\n{proc.stderr.strip()[-2000:]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            # Table names come from the database's own catalogue, quoted.
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def migration_heads() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app ORDER BY app")
        return dict(cursor.fetchall())


def backup(target: Path) -> Path:
    """Write one new folder under `target`: the database dump, the uploads as a tar.gz, and manifest.json."""
    vendor = _vendor()
    now = timezone.now()
    target = Path(target)
    folder = target / f"zhuanqiao-{now:%Y%m%d-%H%M%S}"
    # A half-written backup must not look like a finished one: build it aside, rename it at the end.
    partial = folder.with_name(folder.name + ".partial")
    if folder.exists() or partial.exists():
        raise BackupError(f"{folder} already exists; wait a second and run again.")
    target.mkdir(parents=True, exist_ok=True)
    # It holds the petitioners' names, phones and files: readable by the operator's account only.
    partial.mkdir(mode=0o700)
    try:
        dump = partial / DUMPS[vendor]
        if vendor == "postgresql":
            _run(["pg_dump", "--format=custom", "--file", str(dump)])
        else:
            source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            copy = sqlite3.connect(dump)
            with copy:
                source.backup(copy)
            copy.close()
            source.close()
        media = Path(settings.MEDIA_ROOT)
        with tarfile.open(partial / MEDIA_ARCHIVE, "w:gz") as archive:
            if media.is_dir():
                for path in sorted(media.rglob("*")):
                    if path.is_file() and not path.is_symlink():
                        archive.add(path, arcname=path.relative_to(media).as_posix(), recursive=False)
        counts = table_counts()
        manifest = {
            "created_at": now.isoformat(),
            "vendor": vendor,
            "migrations": migration_heads(),
            **{name: counts.get(table, 0) for name, table in HEADLINE.items()},
            "tables": counts,
            "files": {p.name: _sha256(p) for p in sorted(partial.iterdir())},
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
        partial.rename(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return folder


def read_manifest(folder: Path) -> dict:
    """The manifest, once every file it lists is present and unchanged."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder} has no readable {MANIFEST}: {exc}") from exc
    for name, digest in manifest.get("files", {}).items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"{path} is missing.")
        if _sha256(path) != digest:
            raise BackupError(f"{path} does not match its checksum in {MANIFEST}: the copy is damaged.")
    if set(manifest.get("files", {})) != {DUMPS.get(manifest.get("vendor"), "?"), MEDIA_ARCHIVE}:
        raise BackupError(f"{MANIFEST} does not list a database dump and {MEDIA_ARCHIVE}.")
    return manifest


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    """Every member, once none could write outside MEDIA_ROOT; one bad member refuses the whole archive."""
    members = archive.getmembers()
    for member in members:
        path = PurePosixPath(member.name)
        if path.is_absolute() or ".." in path.parts or "\\" in member.name:
            raise BackupError(f"{MEDIA_ARCHIVE} holds an unsafe path: {member.name!r}. Nothing was restored.")
        if not (member.isfile() or member.isdir()):
            raise BackupError(f"{MEDIA_ARCHIVE} holds a link or device: {member.name!r}. Nothing was restored.")
    return members


def restore(folder: Path) -> tuple[dict, dict[str, tuple[int, int]]]:
    """Restore the database and the uploads from `folder`; return the manifest and the tables whose counts differ."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    vendor = _vendor()
    if manifest["vendor"] != vendor:
        raise BackupError(
            f"This backup is of a {manifest['vendor']} database; the configured database is {vendor}. "
            "Restore it into a database of the same kind."
        )
    # One open archive, checked before the database is touched: a refused archive leaves everything as it was.
    with tarfile.open(folder / MEDIA_ARCHIVE, "r:gz") as archive:
        members = _safe_members(archive)
        dump = folder / DUMPS[vendor]
        connection.close()
        if vendor == "postgresql":
            # One transaction: a failed restore leaves the database as it was.
            db = _pg_env()["PGDATABASE"]
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "-d", db, str(dump)])
        else:
            source = sqlite3.connect(dump)
            target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            with target:
                source.backup(target)
            target.close()
            source.close()
        media = Path(settings.MEDIA_ROOT)
        media.mkdir(parents=True, exist_ok=True)
        # Members checked above; the "data" filter refuses the same again and drops odd modes.
        archive.extractall(media, members=members, filter="data")
    counts = table_counts()
    differ = {
        table: (expected, counts.get(table, 0))
        for table, expected in manifest["tables"].items()
        if counts.get(table, 0) != expected
    }
    return manifest, differ


def stamp(manifest: dict) -> str:
    created = datetime.fromisoformat(manifest["created_at"])
    return f"{created:%Y-%m-%d %H:%M:%S %Z}".strip()
