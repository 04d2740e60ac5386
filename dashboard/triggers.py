"""The dirty-day triggers on the case tables, and the open cases' covering index: how the rollup learns what changed.

A trigger marks a case's received day dirty in the same transaction as any insert, update or delete of a
case or of a petitioner's link to it, whatever wrote it (a service, the admin, a data migration, raw SQL).
A mark is a plain INSERT of a new row, never an update of a row per day: concurrent writers on the same day
(the intake of today) take no lock on a shared row and never wait for each other's commit.
`manage.py dashboard_rollup --rebuild` reinstalls them; the migrations carry their own frozen copy.
"""

from django.db import connection
from django.utils import timezone

from cases.models import OPEN_STATUSES, Case, CasePetitioner

from . import grouping
from .models import DashboardCount, DashboardDirtyDay, DashboardMonthCount, DashboardPersonDay, DashboardSubjectDay


def _sqlite_offset_minutes() -> int:
    # SQLite has no time zone database: the offset of the town's zone now (Asia/Shanghai has no DST).
    offset = timezone.now().astimezone(grouping.tz()).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def trigger_sql(vendor: str) -> list[str]:
    """Statements that (re)install the dirty-day trigger on the case table."""
    case_t, dirty_t, count_t = Case._meta.db_table, DashboardDirtyDay._meta.db_table, DashboardCount._meta.db_table
    link_t = CasePetitioner._meta.db_table
    person_t, subject_t = DashboardPersonDay._meta.db_table, DashboardSubjectDay._meta.db_table
    month_t = DashboardMonthCount._meta.db_table
    if vendor == "postgresql":
        zone = str(grouping.tz()).replace("'", "")

        def mark(row: str) -> str:
            return (
                f"INSERT INTO {dirty_t} (day) "  # noqa: S608 - table names and a zone from settings
                f"VALUES (({row}.received_at AT TIME ZONE '{zone}')::date);"
            )

        def mark_link(row: str) -> str:
            # The case's own day, and the days of the petitioner's later cases (their "two before" moves).
            return (
                f"INSERT INTO {dirty_t} (day) "  # noqa: S608 - table names and a zone from settings
                f"SELECT (c.received_at AT TIME ZONE '{zone}')::date FROM {case_t} c WHERE c.id = {row}.case_id; "
                f"INSERT INTO {dirty_t} (day) "
                f"SELECT DISTINCT (later.received_at AT TIME ZONE '{zone}')::date FROM {link_t} l "
                f"JOIN {case_t} later ON later.id = l.case_id WHERE l.petitioner_id = {row}.petitioner_id "
                f"AND later.received_at > (SELECT c.received_at FROM {case_t} c WHERE c.id = {row}.case_id);"
            )

        people_later = (
            f"INSERT INTO {dirty_t} (day) "  # noqa: S608 - table names and a zone from settings
            f"SELECT DISTINCT (later.received_at AT TIME ZONE '{zone}')::date FROM {link_t} mine "
            f"JOIN {link_t} theirs ON theirs.petitioner_id = mine.petitioner_id "
            f"JOIN {case_t} later ON later.id = theirs.case_id "
            f"WHERE mine.case_id = NEW.id AND later.received_at >= LEAST(OLD.received_at, NEW.received_at);"
        )

        forget_all = " ".join(f"DELETE FROM {t};" for t in (count_t, month_t, person_t, subject_t, dirty_t))  # noqa: S608 - the models' tables
        return [
            f"""CREATE OR REPLACE FUNCTION cases_dashboard_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {mark("NEW")}
  ELSIF TG_OP = 'DELETE' THEN
    {mark("OLD")}
  ELSE
    {mark("OLD")}
    IF NEW.received_at IS DISTINCT FROM OLD.received_at THEN
      {mark("NEW")}
      {people_later}
    END IF;
  END IF;
  RETURN NULL;
END $$""",
            "CREATE OR REPLACE FUNCTION cases_dashboard_forget_all() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            + forget_all
            + " RETURN NULL; END $$",
            f"DROP TRIGGER IF EXISTS cases_dashboard_dirty ON {case_t}",
            f"CREATE TRIGGER cases_dashboard_dirty AFTER INSERT OR UPDATE OR DELETE ON {case_t} "
            f"FOR EACH ROW EXECUTE FUNCTION cases_dashboard_mark_dirty()",
            f"DROP TRIGGER IF EXISTS cases_dashboard_truncate ON {case_t}",
            f"CREATE TRIGGER cases_dashboard_truncate AFTER TRUNCATE ON {case_t} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION cases_dashboard_forget_all()",
            # A petitioner added to or taken off a case changes its day's petitioner counts.
            f"""CREATE OR REPLACE FUNCTION cases_dashboard_mark_link_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    {mark_link("OLD")}
  END IF;
  IF TG_OP <> 'DELETE' THEN
    {mark_link("NEW")}
  END IF;
  RETURN NULL;
END $$""",
            f"DROP TRIGGER IF EXISTS cases_dashboard_link_dirty ON {link_t}",
            f"CREATE TRIGGER cases_dashboard_link_dirty AFTER INSERT OR UPDATE OR DELETE ON {link_t} "
            f"FOR EACH ROW EXECUTE FUNCTION cases_dashboard_mark_link_dirty()",
        ]
    if vendor == "sqlite":
        offset = f"{_sqlite_offset_minutes():+d} minutes"

        def mark(row: str) -> str:
            return (
                f"INSERT INTO {dirty_t} (day) "  # noqa: S608 - a table name and a computed offset
                f"VALUES (date({row}.received_at, '{offset}'));"
            )

        def mark_link(row: str) -> str:
            return (
                f"INSERT INTO {dirty_t} (day) "  # noqa: S608 - table names and a computed offset
                f"SELECT date(c.received_at, '{offset}') FROM {case_t} c WHERE c.id = {row}.case_id; "
                f"INSERT INTO {dirty_t} (day) "
                f"SELECT DISTINCT date(later.received_at, '{offset}') FROM {link_t} l "
                f"JOIN {case_t} later ON later.id = l.case_id WHERE l.petitioner_id = {row}.petitioner_id "
                f"AND later.received_at > (SELECT c.received_at FROM {case_t} c WHERE c.id = {row}.case_id);"
            )

        people_later = (
            f"INSERT INTO {dirty_t} (day) "  # noqa: S608 - table names and a computed offset
            f"SELECT DISTINCT date(later.received_at, '{offset}') FROM {link_t} mine "
            f"JOIN {link_t} theirs ON theirs.petitioner_id = mine.petitioner_id "
            f"JOIN {case_t} later ON later.id = theirs.case_id "
            f"WHERE mine.case_id = NEW.id AND later.received_at >= min(OLD.received_at, NEW.received_at);"
        )

        statements = []
        for event, rows in (("INSERT", ["NEW"]), ("UPDATE", ["OLD", "NEW"]), ("DELETE", ["OLD"])):
            for table, prefix, marker in ((case_t, "dirty", mark), (link_t, "link_dirty", mark_link)):
                name = f"cases_dashboard_{prefix}_{event.lower()}"
                body = " ".join(marker(row) for row in rows)
                statements += [
                    f"DROP TRIGGER IF EXISTS {name}",
                    f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {body} END",
                ]
        statements += [
            "DROP TRIGGER IF EXISTS cases_dashboard_dirty_moved",
            f"CREATE TRIGGER cases_dashboard_dirty_moved AFTER UPDATE OF received_at ON {case_t} "
            f"WHEN NEW.received_at IS NOT OLD.received_at BEGIN {people_later} END",
        ]
        return statements
    return []


def drop_trigger_sql(vendor: str) -> list[str]:
    case_t, link_t = Case._meta.db_table, CasePetitioner._meta.db_table
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS cases_dashboard_dirty ON {case_t}",
            f"DROP TRIGGER IF EXISTS cases_dashboard_truncate ON {case_t}",
            f"DROP TRIGGER IF EXISTS cases_dashboard_link_dirty ON {link_t}",
            "DROP FUNCTION IF EXISTS cases_dashboard_mark_dirty()",
            "DROP FUNCTION IF EXISTS cases_dashboard_forget_all()",
            "DROP FUNCTION IF EXISTS cases_dashboard_mark_link_dirty()",
        ]
    if vendor == "sqlite":
        return [
            *(
                f"DROP TRIGGER IF EXISTS cases_dashboard_{prefix}_{e}"
                for prefix in ("dirty", "link_dirty")
                for e in ("insert", "update", "delete")
            ),
            "DROP TRIGGER IF EXISTS cases_dashboard_dirty_moved",
        ]
    return []


# Today's state of open work (late while waiting, overdue, past a tier's target) is counted from the
# open cases on every view; this index holds every column those counts read, for the open cases only,
# so PostgreSQL answers them from the index without visiting the table.
OPEN_CASES_INDEX = "case_open_dashboard"
OPEN_CASE_COLUMNS = [
    "id",
    "status",
    "lead_department_id",
    "community_id",
    "zone_id",
    "channel",
    "category",
    "subject_id",
    "accused_user_id",
    "accused_department_id",
    "routed_at",
    "accepted_at",
    "replied_at",
    "transfer_due_on",
    "acceptance_due_on",
    "reply_due_on",
    "due_on",
    "tier_due_on",
]


def index_sql(vendor: str) -> list[str]:
    if vendor != "postgresql":
        return []
    statuses = ", ".join(f"'{s}'" for s in OPEN_STATUSES)
    return [
        f"CREATE INDEX IF NOT EXISTS {OPEN_CASES_INDEX} ON {Case._meta.db_table} (received_at) "
        f"INCLUDE ({', '.join(OPEN_CASE_COLUMNS)}) WHERE status IN ({statuses})"
    ]


def install_triggers(conn=None) -> None:
    conn = conn or connection
    with conn.cursor() as cursor:
        for statement in trigger_sql(conn.vendor):
            cursor.execute(statement)


def supported() -> bool:
    """Whether this database keeps the rollup (triggers exist for PostgreSQL and SQLite)."""
    return connection.vendor in ("postgresql", "sqlite")
