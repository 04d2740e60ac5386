"""The dashboard's triggers and index as the migrations 0005-0007 installed them, copied here so that a
migration never imports live code (the rollup moved to the dashboard app; its code may change again).
Not a migration itself (the leading underscore keeps Django's loader away)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

OPEN_CASES_INDEX = "case_open_dashboard"


_TRIGGERS_POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION cases_dashboard_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  IF TG_OP = 'INSERT' THEN\n    INSERT INTO cases_dashboarddirtyday (day, generation) VALUES ((NEW.received_at AT TIME ZONE '{zone}')::date, 1) ON CONFLICT (day) DO UPDATE SET generation = cases_dashboarddirtyday.generation + 1;\n  ELSIF TG_OP = 'DELETE' THEN\n    INSERT INTO cases_dashboarddirtyday (day, generation) VALUES ((OLD.received_at AT TIME ZONE '{zone}')::date, 1) ON CONFLICT (day) DO UPDATE SET generation = cases_dashboarddirtyday.generation + 1;\n  ELSE\n    INSERT INTO cases_dashboarddirtyday (day, generation) VALUES ((OLD.received_at AT TIME ZONE '{zone}')::date, 1) ON CONFLICT (day) DO UPDATE SET generation = cases_dashboarddirtyday.generation + 1;\n    IF NEW.received_at IS DISTINCT FROM OLD.received_at THEN\n      INSERT INTO cases_dashboarddirtyday (day, generation) VALUES ((NEW.received_at AT TIME ZONE '{zone}')::date, 1) ON CONFLICT (day) DO UPDATE SET generation = cases_dashboarddirtyday.generation + 1;\n      INSERT INTO cases_dashboarddirtyday (day, generation) SELECT DISTINCT (later.received_at AT TIME ZONE '{zone}')::date, 1 FROM cases_casepetitioner mine JOIN cases_casepetitioner theirs ON theirs.petitioner_id = mine.petitioner_id JOIN cases_case later ON later.id = theirs.case_id WHERE mine.case_id = NEW.id AND later.received_at >= LEAST(OLD.received_at, NEW.received_at) ON CONFLICT (day) DO UPDATE SET generation = cases_dashboarddirtyday.generation + 1;\n    END IF;\n  END IF;\n  RETURN NULL;\nEND $$",
    'CREATE OR REPLACE FUNCTION cases_dashboard_forget_all() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM cases_dashboardcount; DELETE FROM cases_dashboardmonthcount; DELETE FROM cases_dashboardpersonday; DELETE FROM cases_dashboardsubjectday; DELETE FROM cases_dashboarddirtyday; RETURN NULL; END $$',
    'DROP TRIGGER IF EXISTS cases_dashboard_dirty ON cases_case',
    'CREATE TRIGGER cases_dashboard_dirty AFTER INSERT OR UPDATE OR DELETE ON cases_case FOR EACH ROW EXECUTE FUNCTION cases_dashboard_mark_dirty()',
    'DROP TRIGGER IF EXISTS cases_dashboard_truncate ON cases_case',
    'CREATE TRIGGER cases_dashboard_truncate AFTER TRUNCATE ON cases_case FOR EACH STATEMENT EXECUTE FUNCTION cases_dashboard_forget_all()',
    "CREATE OR REPLACE FUNCTION cases_dashboard_mark_link_dirty() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  IF TG_OP <> 'INSERT' THEN\n    INSERT INTO cases_dashboarddirtyday (day, generation) SELECT (c.received_at AT TIME ZONE '{zone}')::date, 1 FROM cases_case c WHERE c.id = OLD.case_id ON CONFLICT (day) DO UPDATE SET generation = cases_dashboarddirtyday.generation + 1; INSERT INTO cases_dashboarddirtyday (day, generation) SELECT DISTINCT (later.received_at AT TIME ZONE '{zone}')::date, 1 FROM cases_casepetitioner l JOIN cases_case later ON later.id = l.case_id WHERE l.petitioner_id = OLD.petitioner_id AND later.received_at > (SELECT c.received_at FROM cases_case c WHERE c.id = OLD.case_id) ON CONFLICT (day) DO UPDATE SET generation = cases_dashboarddirtyday.generation + 1;\n  END IF;\n  IF TG_OP <> 'DELETE' THEN\n    INSERT INTO cases_dashboarddirtyday (day, generation) SELECT (c.received_at AT TIME ZONE '{zone}')::date, 1 FROM cases_case c WHERE c.id = NEW.case_id ON CONFLICT (day) DO UPDATE SET generation = cases_dashboarddirtyday.generation + 1; INSERT INTO cases_dashboarddirtyday (day, generation) SELECT DISTINCT (later.received_at AT TIME ZONE '{zone}')::date, 1 FROM cases_casepetitioner l JOIN cases_case later ON later.id = l.case_id WHERE l.petitioner_id = NEW.petitioner_id AND later.received_at > (SELECT c.received_at FROM cases_case c WHERE c.id = NEW.case_id) ON CONFLICT (day) DO UPDATE SET generation = cases_dashboarddirtyday.generation + 1;\n  END IF;\n  RETURN NULL;\nEND $$",
    'DROP TRIGGER IF EXISTS cases_dashboard_link_dirty ON cases_casepetitioner',
    'CREATE TRIGGER cases_dashboard_link_dirty AFTER INSERT OR UPDATE OR DELETE ON cases_casepetitioner FOR EACH ROW EXECUTE FUNCTION cases_dashboard_mark_link_dirty()',
]

_INDEX_POSTGRESQL = [
    "CREATE INDEX IF NOT EXISTS case_open_dashboard ON cases_case (received_at) INCLUDE (id, status, lead_department_id, community_id, zone_id, channel, category, subject_id, accused_user_id, accused_department_id, routed_at, accepted_at, replied_at, transfer_due_on, acceptance_due_on, reply_due_on, due_on, tier_due_on) WHERE status IN ('registered', 'assigned', 'in_progress', 'replied', 'under_review', 'under_rereview')",
]

_DROP_POSTGRESQL = [
    'DROP TRIGGER IF EXISTS cases_dashboard_dirty ON cases_case',
    'DROP TRIGGER IF EXISTS cases_dashboard_truncate ON cases_case',
    'DROP TRIGGER IF EXISTS cases_dashboard_link_dirty ON cases_casepetitioner',
    'DROP FUNCTION IF EXISTS cases_dashboard_mark_dirty()',
    'DROP FUNCTION IF EXISTS cases_dashboard_forget_all()',
    'DROP FUNCTION IF EXISTS cases_dashboard_mark_link_dirty()',
]

_TRIGGERS_SQLITE = [
    'DROP TRIGGER IF EXISTS cases_dashboard_dirty_insert',
    "CREATE TRIGGER cases_dashboard_dirty_insert AFTER INSERT ON cases_case BEGIN INSERT INTO cases_dashboarddirtyday (day, generation) VALUES (date(NEW.received_at, '{offset}'), 1) ON CONFLICT(day) DO UPDATE SET generation = generation + 1; END",
    'DROP TRIGGER IF EXISTS cases_dashboard_link_dirty_insert',
    "CREATE TRIGGER cases_dashboard_link_dirty_insert AFTER INSERT ON cases_casepetitioner BEGIN INSERT INTO cases_dashboarddirtyday (day, generation) SELECT date(c.received_at, '{offset}'), 1 FROM cases_case c WHERE c.id = NEW.case_id ON CONFLICT(day) DO UPDATE SET generation = generation + 1; INSERT INTO cases_dashboarddirtyday (day, generation) SELECT DISTINCT date(later.received_at, '{offset}'), 1 FROM cases_casepetitioner l JOIN cases_case later ON later.id = l.case_id WHERE l.petitioner_id = NEW.petitioner_id AND later.received_at > (SELECT c.received_at FROM cases_case c WHERE c.id = NEW.case_id) ON CONFLICT(day) DO UPDATE SET generation = generation + 1; END",
    'DROP TRIGGER IF EXISTS cases_dashboard_dirty_update',
    "CREATE TRIGGER cases_dashboard_dirty_update AFTER UPDATE ON cases_case BEGIN INSERT INTO cases_dashboarddirtyday (day, generation) VALUES (date(OLD.received_at, '{offset}'), 1) ON CONFLICT(day) DO UPDATE SET generation = generation + 1; INSERT INTO cases_dashboarddirtyday (day, generation) VALUES (date(NEW.received_at, '{offset}'), 1) ON CONFLICT(day) DO UPDATE SET generation = generation + 1; END",
    'DROP TRIGGER IF EXISTS cases_dashboard_link_dirty_update',
    "CREATE TRIGGER cases_dashboard_link_dirty_update AFTER UPDATE ON cases_casepetitioner BEGIN INSERT INTO cases_dashboarddirtyday (day, generation) SELECT date(c.received_at, '{offset}'), 1 FROM cases_case c WHERE c.id = OLD.case_id ON CONFLICT(day) DO UPDATE SET generation = generation + 1; INSERT INTO cases_dashboarddirtyday (day, generation) SELECT DISTINCT date(later.received_at, '{offset}'), 1 FROM cases_casepetitioner l JOIN cases_case later ON later.id = l.case_id WHERE l.petitioner_id = OLD.petitioner_id AND later.received_at > (SELECT c.received_at FROM cases_case c WHERE c.id = OLD.case_id) ON CONFLICT(day) DO UPDATE SET generation = generation + 1; INSERT INTO cases_dashboarddirtyday (day, generation) SELECT date(c.received_at, '{offset}'), 1 FROM cases_case c WHERE c.id = NEW.case_id ON CONFLICT(day) DO UPDATE SET generation = generation + 1; INSERT INTO cases_dashboarddirtyday (day, generation) SELECT DISTINCT date(later.received_at, '{offset}'), 1 FROM cases_casepetitioner l JOIN cases_case later ON later.id = l.case_id WHERE l.petitioner_id = NEW.petitioner_id AND later.received_at > (SELECT c.received_at FROM cases_case c WHERE c.id = NEW.case_id) ON CONFLICT(day) DO UPDATE SET generation = generation + 1; END",
    'DROP TRIGGER IF EXISTS cases_dashboard_dirty_delete',
    "CREATE TRIGGER cases_dashboard_dirty_delete AFTER DELETE ON cases_case BEGIN INSERT INTO cases_dashboarddirtyday (day, generation) VALUES (date(OLD.received_at, '{offset}'), 1) ON CONFLICT(day) DO UPDATE SET generation = generation + 1; END",
    'DROP TRIGGER IF EXISTS cases_dashboard_link_dirty_delete',
    "CREATE TRIGGER cases_dashboard_link_dirty_delete AFTER DELETE ON cases_casepetitioner BEGIN INSERT INTO cases_dashboarddirtyday (day, generation) SELECT date(c.received_at, '{offset}'), 1 FROM cases_case c WHERE c.id = OLD.case_id ON CONFLICT(day) DO UPDATE SET generation = generation + 1; INSERT INTO cases_dashboarddirtyday (day, generation) SELECT DISTINCT date(later.received_at, '{offset}'), 1 FROM cases_casepetitioner l JOIN cases_case later ON later.id = l.case_id WHERE l.petitioner_id = OLD.petitioner_id AND later.received_at > (SELECT c.received_at FROM cases_case c WHERE c.id = OLD.case_id) ON CONFLICT(day) DO UPDATE SET generation = generation + 1; END",
    'DROP TRIGGER IF EXISTS cases_dashboard_dirty_moved',
    "CREATE TRIGGER cases_dashboard_dirty_moved AFTER UPDATE OF received_at ON cases_case WHEN NEW.received_at IS NOT OLD.received_at BEGIN INSERT INTO cases_dashboarddirtyday (day, generation) SELECT DISTINCT date(later.received_at, '{offset}'), 1 FROM cases_casepetitioner mine JOIN cases_casepetitioner theirs ON theirs.petitioner_id = mine.petitioner_id JOIN cases_case later ON later.id = theirs.case_id WHERE mine.case_id = NEW.id AND later.received_at >= min(OLD.received_at, NEW.received_at) ON CONFLICT(day) DO UPDATE SET generation = generation + 1; END",
]

_INDEX_SQLITE = [
]

_DROP_SQLITE = [
    'DROP TRIGGER IF EXISTS cases_dashboard_dirty_insert',
    'DROP TRIGGER IF EXISTS cases_dashboard_dirty_update',
    'DROP TRIGGER IF EXISTS cases_dashboard_dirty_delete',
    'DROP TRIGGER IF EXISTS cases_dashboard_link_dirty_insert',
    'DROP TRIGGER IF EXISTS cases_dashboard_link_dirty_update',
    'DROP TRIGGER IF EXISTS cases_dashboard_link_dirty_delete',
    'DROP TRIGGER IF EXISTS cases_dashboard_dirty_moved',
]



def _zone() -> str:
    return str(settings.TIME_ZONE).replace("'", "")


def sqlite_offset() -> str:
    """SQLite has no time zone database: the town's offset now (Asia/Shanghai keeps no daylight saving)."""
    offset = datetime.now(ZoneInfo(settings.TIME_ZONE)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    return f"{minutes:+d} minutes"


def _fill(statements: list[str]) -> list[str]:
    return [s.replace("{zone}", _zone()).replace("{offset}", sqlite_offset()) for s in statements]


def trigger_sql(vendor: str) -> list[str]:
    return _fill({"postgresql": _TRIGGERS_POSTGRESQL, "sqlite": _TRIGGERS_SQLITE}.get(vendor, []))


def index_sql(vendor: str) -> list[str]:
    return _fill({"postgresql": _INDEX_POSTGRESQL, "sqlite": _INDEX_SQLITE}.get(vendor, []))


def drop_trigger_sql(vendor: str) -> list[str]:
    return _fill({"postgresql": _DROP_POSTGRESQL, "sqlite": _DROP_SQLITE}.get(vendor, []))
