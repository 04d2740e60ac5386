"""The upgrade path: a database of the last release keeps its rows, figures and permissions; migrations stay clean."""

import contextlib
import difflib
import json
import os
import secrets
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import environ
import psycopg2
import pytest

# >>> The migrations that move models between apps: each must be state-only (no DDL). Correct the names here. <<<
MOVING_MIGRATIONS = [("cases", "0009_move_out"), ("notifications", "0001_initial"), ("dashboard", "0001_initial")]

OLD_COMMIT = "1e783bb"  # the last release, before models moved out of `cases`
ROOT = Path(__file__).resolve().parents[2]
# The code under test; point it at another checkout (e.g. a `git archive`) to try the harness.
NEW_TREE = Path(os.environ.get("UPGRADE_NEW_TREE") or ROOT)
SNAPSHOT_SCRIPT = Path(__file__).resolve().with_name("snapshot.py")
# The old release's demo town plus the messages seed_demo mutes: reminders, escalations, digests, resident SMS.
OLD_EXTRA_DATA = """
from cases.models import Case
from cases.notifications.digest import digests_send
from cases.notifications.services import notify_resident
digests_send()
for case in Case.objects.exclude(contact_phone="").order_by("pk")[:5]:
    notify_resident(case=case, what="note", dedupe="upgrade-test")
"""


def _server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("needs PostgreSQL: DATABASE_URL is not postgres://")
    return url


def _admin(url: str):
    config = environ.Env.db_url_config(url)
    connection = psycopg2.connect(
        dbname="postgres", user=config["USER"], password=config["PASSWORD"], host=config["HOST"], port=config["PORT"]
    )
    connection.autocommit = True
    return connection


@contextlib.contextmanager
def fresh_postgres():
    """A new, empty database on the server DATABASE_URL names; dropped afterwards whatever happened."""
    server, name = _server_url(), f"zq_upgrade_{secrets.token_hex(4)}"
    admin = _admin(server)
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield urlsplit(server)._replace(path=f"/{name}").geturl()
    finally:
        with admin.cursor() as cursor:
            # The subprocesses have exited; FORCE closes whatever connection they might have left.
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def manage(tree: Path, database_url: str, *args: str, extra_env: dict | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(TESTING="1", DATABASE_URL=database_url, **(extra_env or {}))  # no REDIS_URL: Celery runs eagerly
    proc = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=tree, env=env, capture_output=True, text=True, timeout=900
    )
    assert proc.returncode == 0, (
        f"manage.py {' '.join(args)} in {tree} failed:\n{proc.stdout[-2000:]}{proc.stderr[-4000:]}"
    )
    return proc.stdout


def snapshot(tree: Path, database_url: str, out: Path) -> dict:
    manage(
        tree,
        database_url,
        "shell",
        "-c",
        f"exec(open({str(SNAPSHOT_SCRIPT)!r}).read())",
        extra_env={"UPGRADE_SNAPSHOT_OUT": str(out)},
    )
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def upgrade(tmp_path_factory):
    """(before, after): a snapshot by the old code of its demo database, and one by the new code after migrating."""
    _server_url()
    work = tmp_path_factory.mktemp("upgrade")
    old_tree, archive = work / "old", work / "old.tar"
    old_tree.mkdir()
    subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), OLD_COMMIT], check=True)
    subprocess.run(["tar", "-x", "-f", str(archive), "-C", str(old_tree)], check=True)
    with fresh_postgres() as url:
        # Then as the old release's Procfile does: recount the rollup, so its tables hold the figures.
        steps = (["migrate", "--noinput"], ["seed_demo"], ["send_reminders"], ["shell", "-c", OLD_EXTRA_DATA])
        for args in (*steps, ["dashboard_rollup"]):
            manage(old_tree, url, *args)
        before = snapshot(old_tree, url, work / "before.json")
        manage(NEW_TREE, url, "migrate", "--noinput")
        yield before, snapshot(NEW_TREE, url, work / "after.json")


def assert_same_rows(name: str, before: list[dict], after: list[dict]) -> None:
    new_rows = {row["id"]: row for row in after}
    for old in before:
        new = new_rows.pop(old["id"], None)
        assert new is not None, f"{name} id={old['id']} is gone: {old}"
        # Columns this release adds are not compared (they hold their defaults); every old column is.
        changed = {k: (old.get(k), new.get(k)) for k in old if old.get(k) != new.get(k)}
        assert not changed, f"{name} id={old['id']}: column: (old, new) {changed}"
    assert not new_rows, f"{name}: rows that were not there before: {sorted(new_rows)}"


def test_the_old_database_holds_every_kind_of_row_the_upgrade_must_keep(upgrade):
    before, _after = upgrade
    assert before["cases_case"] and before["cases_caseevent"] and before["cases_reminder"]
    assert before["row_counts"]["cases_dashboardcount"] and before["row_counts"]["cases_dashboardmonthcount"]
    kinds = {(n["kind"], n["case_id"] is not None, n["reminder_id"] is not None) for n in before["notifications"]}
    assert {("reminder", True, True), ("resident", True, False), ("digest", False, False)} <= kinds
    assert {e["status"] for e in before["dashboard"].values()} == {200}, "the dashboard export must answer"


def test_an_upgrade_from_the_last_release_keeps_every_row(upgrade):
    before, after = upgrade
    # django_migrations grows by the new migrations, and the content types and permissions by the models
    # this release adds (checked one by one below); every other table keeps its rows.
    # The petition office's group also gains the permissions of the work calendar it keeps.
    growing = {"django_migrations", "django_content_type", "auth_permission", "auth_group_permissions"}
    counts = {t: (n, after["row_counts"].get(t)) for t, n in before["row_counts"].items()}
    lost = {t: (old, new) for t, (old, new) in counts.items() if old != new and t not in growing}
    lost |= {t: (old, new) for t, (old, new) in counts.items() if t in growing and (new or 0) < old}
    assert not lost, f"table: (rows before, rows after) {lost}"


def test_an_upgrade_keeps_every_case_and_case_event_column_for_column(upgrade):
    before, after = upgrade
    assert_same_rows("cases_case", before["cases_case"], after["cases_case"])
    assert_same_rows("cases_caseevent", before["cases_caseevent"], after["cases_caseevent"])


NEW_CHANNEL_ROWS = ("12345热线转办,0,", "上级交办,0,")


def test_an_upgrade_keeps_every_dashboard_figure_for_the_leader_and_a_department_head(upgrade):
    before, after = upgrade
    assert sorted(after["dashboard"]) == sorted(before["dashboard"])
    for export, old in before["dashboard"].items():
        new = dict(after["dashboard"][export])
        # Channels this release adds are listed with nothing counted yet: no case came through them before.
        new["csv"] = "".join(
            line for line in new["csv"].splitlines(keepends=True) if not line.startswith(NEW_CHANNEL_ROWS)
        )
        diff = difflib.unified_diff(old["csv"].splitlines(), new["csv"].splitlines(), "before", "after", n=0)
        assert new == old, f"the CSV export {export} changed:\n" + "\n".join(list(diff)[:30])


def test_an_upgrade_keeps_every_notification_and_the_case_and_reminder_it_concerns(upgrade):
    before, after = upgrade
    assert_same_rows("notification", before["notifications"], after["notifications"])


def test_an_upgrade_keeps_every_reminder(upgrade):
    before, after = upgrade
    assert_same_rows("cases_reminder", before["cases_reminder"], after["cases_reminder"])


# Models this release adds: the read log, the second factor's TOTP devices, the work calendar (its notices,
# days and their change record), the deliveries of written answers.
NEW_MODELS = {"read", "totpdevice", "holidaynotice", "calendarday", "calendarchange", "answerdelivery"}
# Prevention close to home: the diverse team, visits, screening, meetings, councils, the community's page.
NEW_MODELS |= {
    "rosterrole",
    "rosterperson",
    "visit",
    "riskitem",
    "riskevent",
    "riskreminder",
    "meetingkind",
    "meeting",
    "agendaitem",
    "meetingaction",
    "actionreminder",
    "feedtoken",
    "oathceremony",
    "communitypage",
    "legalmaterial",
    "council",
    "councilsession",
    "councilspeaker",
}
# People's mediation ("session" is a mediation's session, named like Django's own session model), Open311, the
# API's tokens.
NEW_MODELS |= {
    "agreement",
    "agreementterm",
    "committee",
    "mediation",
    "mediationevent",
    "mediator",
    "participant",
    "participantrole",
    "party",
    "returnvisit",
    "session",
    "signature",
    "apikey",
    "communitypoint",
    "serviceattribute",
    "submission",
    "apitoken",
}


def test_an_upgrade_keeps_every_permission_of_every_group_and_user(upgrade):
    before, after = upgrade
    for holders in ("groups", "users"):
        for name, perms in before["permissions"][holders].items():
            old = {tuple(pair) for pair in perms}
            kept = {tuple(pair) for pair in after["permissions"][holders].get(name, [])}
            assert old <= kept, f"the permissions of {holders[:-1]} {name}"
            # Only permissions on models this release adds may be gained (the office keeps the calendar).
            gained = kept - old
            assert all(model in NEW_MODELS for model, _codename in gained), f"{holders[:-1]} {name} gained {gained}"


def test_an_upgrade_keeps_one_content_type_per_model_with_its_permissions(upgrade):
    before, after = upgrade
    old = Counter(tuple(row) for row in before["permissions"]["content_types"])
    new = Counter(tuple(row) for row in after["permissions"]["content_types"])
    # Rows are (model, permissions) by model name, which two apps may share (Django's session, a mediation's):
    # every old row is still there with its permissions, and the rows added are one per new model.
    assert not old - new
    assert sorted(model for model, _n in (new - old).elements()) == sorted(NEW_MODELS)


@pytest.mark.parametrize(("app", "migration"), MOVING_MIGRATIONS, ids=[f"{a}.{m}" for a, m in MOVING_MIGRATIONS])
def test_a_migration_that_moves_models_changes_no_table(app, migration):
    with fresh_postgres() as url:
        sql = manage(NEW_TREE, url, "sqlmigrate", app, migration)
    statements = [line for line in sql.splitlines() if line.strip() and not line.startswith("--")]
    assert set(statements) <= {"BEGIN;", "COMMIT;"}, f"{app}.{migration} runs SQL:\n" + "\n".join(statements)


def test_a_new_database_migrates_from_zero_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'zero.sqlite3'}"
    manage(NEW_TREE, url, "migrate", "--noinput")
    manage(NEW_TREE, url, "makemigrations", "--check", "--dry-run")


def test_a_new_database_migrates_from_zero_on_postgresql():
    with fresh_postgres() as url:
        manage(NEW_TREE, url, "migrate", "--noinput")
        manage(NEW_TREE, url, "makemigrations", "--check", "--dry-run")
