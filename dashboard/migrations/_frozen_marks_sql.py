"""The dashboard's dirty-day triggers as the migration dirty_day_marks installed them (each change inserts a
mark; no row per day is updated), copied here so that the migration never imports live code.
Not a migration itself (the leading underscore keeps Django's loader away)."""

from cases.migrations._frozen_dashboard_sql import _zone, sqlite_offset

_TRIGGERS_POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION cases_dashboard_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  IF TG_OP = 'INSERT' THEN\n    INSERT INTO cases_dashboarddirtyday (day) VALUES ((NEW.received_at AT TIME ZONE '{zone}')::date);\n  ELSIF TG_OP = 'DELETE' THEN\n    INSERT INTO cases_dashboarddirtyday (day) VALUES ((OLD.received_at AT TIME ZONE '{zone}')::date);\n  ELSE\n    INSERT INTO cases_dashboarddirtyday (day) VALUES ((OLD.received_at AT TIME ZONE '{zone}')::date);\n    IF NEW.received_at IS DISTINCT FROM OLD.received_at THEN\n      INSERT INTO cases_dashboarddirtyday (day) VALUES ((NEW.received_at AT TIME ZONE '{zone}')::date);\n      INSERT INTO cases_dashboarddirtyday (day) SELECT DISTINCT (later.received_at AT TIME ZONE '{zone}')::date FROM cases_casepetitioner mine JOIN cases_casepetitioner theirs ON theirs.petitioner_id = mine.petitioner_id JOIN cases_case later ON later.id = theirs.case_id WHERE mine.case_id = NEW.id AND later.received_at >= LEAST(OLD.received_at, NEW.received_at);\n    END IF;\n  END IF;\n  RETURN NULL;\nEND $$",
    'CREATE OR REPLACE FUNCTION cases_dashboard_forget_all() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM cases_dashboardcount; DELETE FROM cases_dashboardmonthcount; DELETE FROM cases_dashboardpersonday; DELETE FROM cases_dashboardsubjectday; DELETE FROM cases_dashboarddirtyday; RETURN NULL; END $$',
    'DROP TRIGGER IF EXISTS cases_dashboard_dirty ON cases_case',
    'CREATE TRIGGER cases_dashboard_dirty AFTER INSERT OR UPDATE OR DELETE ON cases_case FOR EACH ROW EXECUTE FUNCTION cases_dashboard_mark_dirty()',
    'DROP TRIGGER IF EXISTS cases_dashboard_truncate ON cases_case',
    'CREATE TRIGGER cases_dashboard_truncate AFTER TRUNCATE ON cases_case FOR EACH STATEMENT EXECUTE FUNCTION cases_dashboard_forget_all()',
    "CREATE OR REPLACE FUNCTION cases_dashboard_mark_link_dirty() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  IF TG_OP <> 'INSERT' THEN\n    INSERT INTO cases_dashboarddirtyday (day) SELECT (c.received_at AT TIME ZONE '{zone}')::date FROM cases_case c WHERE c.id = OLD.case_id; INSERT INTO cases_dashboarddirtyday (day) SELECT DISTINCT (later.received_at AT TIME ZONE '{zone}')::date FROM cases_casepetitioner l JOIN cases_case later ON later.id = l.case_id WHERE l.petitioner_id = OLD.petitioner_id AND later.received_at > (SELECT c.received_at FROM cases_case c WHERE c.id = OLD.case_id);\n  END IF;\n  IF TG_OP <> 'DELETE' THEN\n    INSERT INTO cases_dashboarddirtyday (day) SELECT (c.received_at AT TIME ZONE '{zone}')::date FROM cases_case c WHERE c.id = NEW.case_id; INSERT INTO cases_dashboarddirtyday (day) SELECT DISTINCT (later.received_at AT TIME ZONE '{zone}')::date FROM cases_casepetitioner l JOIN cases_case later ON later.id = l.case_id WHERE l.petitioner_id = NEW.petitioner_id AND later.received_at > (SELECT c.received_at FROM cases_case c WHERE c.id = NEW.case_id);\n  END IF;\n  RETURN NULL;\nEND $$",
    'DROP TRIGGER IF EXISTS cases_dashboard_link_dirty ON cases_casepetitioner',
    'CREATE TRIGGER cases_dashboard_link_dirty AFTER INSERT OR UPDATE OR DELETE ON cases_casepetitioner FOR EACH ROW EXECUTE FUNCTION cases_dashboard_mark_link_dirty()',
]

_TRIGGERS_SQLITE = [
    'DROP TRIGGER IF EXISTS cases_dashboard_dirty_insert',
    "CREATE TRIGGER cases_dashboard_dirty_insert AFTER INSERT ON cases_case BEGIN INSERT INTO cases_dashboarddirtyday (day) VALUES (date(NEW.received_at, '{offset}')); END",
    'DROP TRIGGER IF EXISTS cases_dashboard_link_dirty_insert',
    "CREATE TRIGGER cases_dashboard_link_dirty_insert AFTER INSERT ON cases_casepetitioner BEGIN INSERT INTO cases_dashboarddirtyday (day) SELECT date(c.received_at, '{offset}') FROM cases_case c WHERE c.id = NEW.case_id; INSERT INTO cases_dashboarddirtyday (day) SELECT DISTINCT date(later.received_at, '{offset}') FROM cases_casepetitioner l JOIN cases_case later ON later.id = l.case_id WHERE l.petitioner_id = NEW.petitioner_id AND later.received_at > (SELECT c.received_at FROM cases_case c WHERE c.id = NEW.case_id); END",
    'DROP TRIGGER IF EXISTS cases_dashboard_dirty_update',
    "CREATE TRIGGER cases_dashboard_dirty_update AFTER UPDATE ON cases_case BEGIN INSERT INTO cases_dashboarddirtyday (day) VALUES (date(OLD.received_at, '{offset}')); INSERT INTO cases_dashboarddirtyday (day) VALUES (date(NEW.received_at, '{offset}')); END",
    'DROP TRIGGER IF EXISTS cases_dashboard_link_dirty_update',
    "CREATE TRIGGER cases_dashboard_link_dirty_update AFTER UPDATE ON cases_casepetitioner BEGIN INSERT INTO cases_dashboarddirtyday (day) SELECT date(c.received_at, '{offset}') FROM cases_case c WHERE c.id = OLD.case_id; INSERT INTO cases_dashboarddirtyday (day) SELECT DISTINCT date(later.received_at, '{offset}') FROM cases_casepetitioner l JOIN cases_case later ON later.id = l.case_id WHERE l.petitioner_id = OLD.petitioner_id AND later.received_at > (SELECT c.received_at FROM cases_case c WHERE c.id = OLD.case_id); INSERT INTO cases_dashboarddirtyday (day) SELECT date(c.received_at, '{offset}') FROM cases_case c WHERE c.id = NEW.case_id; INSERT INTO cases_dashboarddirtyday (day) SELECT DISTINCT date(later.received_at, '{offset}') FROM cases_casepetitioner l JOIN cases_case later ON later.id = l.case_id WHERE l.petitioner_id = NEW.petitioner_id AND later.received_at > (SELECT c.received_at FROM cases_case c WHERE c.id = NEW.case_id); END",
    'DROP TRIGGER IF EXISTS cases_dashboard_dirty_delete',
    "CREATE TRIGGER cases_dashboard_dirty_delete AFTER DELETE ON cases_case BEGIN INSERT INTO cases_dashboarddirtyday (day) VALUES (date(OLD.received_at, '{offset}')); END",
    'DROP TRIGGER IF EXISTS cases_dashboard_link_dirty_delete',
    "CREATE TRIGGER cases_dashboard_link_dirty_delete AFTER DELETE ON cases_casepetitioner BEGIN INSERT INTO cases_dashboarddirtyday (day) SELECT date(c.received_at, '{offset}') FROM cases_case c WHERE c.id = OLD.case_id; INSERT INTO cases_dashboarddirtyday (day) SELECT DISTINCT date(later.received_at, '{offset}') FROM cases_casepetitioner l JOIN cases_case later ON later.id = l.case_id WHERE l.petitioner_id = OLD.petitioner_id AND later.received_at > (SELECT c.received_at FROM cases_case c WHERE c.id = OLD.case_id); END",
    'DROP TRIGGER IF EXISTS cases_dashboard_dirty_moved',
    "CREATE TRIGGER cases_dashboard_dirty_moved AFTER UPDATE OF received_at ON cases_case WHEN NEW.received_at IS NOT OLD.received_at BEGIN INSERT INTO cases_dashboarddirtyday (day) SELECT DISTINCT date(later.received_at, '{offset}') FROM cases_casepetitioner mine JOIN cases_casepetitioner theirs ON theirs.petitioner_id = mine.petitioner_id JOIN cases_case later ON later.id = theirs.case_id WHERE mine.case_id = NEW.id AND later.received_at >= min(OLD.received_at, NEW.received_at); END",
]


def trigger_sql(vendor: str) -> list[str]:
    statements = {"postgresql": _TRIGGERS_POSTGRESQL, "sqlite": _TRIGGERS_SQLITE}.get(vendor, [])
    return [s.replace("{zone}", _zone()).replace("{offset}", sqlite_offset()) for s in statements]
