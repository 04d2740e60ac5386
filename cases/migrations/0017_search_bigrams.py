# Search by any two characters, served by an index (PostgreSQL only; SQLite keeps searching row by row).
#
# Chinese has no spaces, and a trigram index cannot serve a two-character pattern such as 鸽棚 or 违建. Each
# case keeps every pair of adjacent characters of its tracking code and hand-over number, matter, request,
# address, contact phone and its petitioners' names and phones, lower-cased, as the lexemes of a tsvector with a GIN index, in a
# table beside the case (cases_casesearch: writing it touches neither the case row, its many indexes, nor
# the dashboard's dirty days). A search asks for all the pairs of its text (cases.forms.queue.search_q),
# then checks the exact text on the few cases found. Triggers keep it: the case's own text on insert and on
# change of those columns, the petitioners' part when one is linked or unlinked, or their name or phone
# changes. No foreign key, so that emptying the case table (tests, the benchmark's seeding) is not refused:
# a deleted case's row goes with it by trigger, and a reused id overwrites a stale row. Plain SQL.

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION cases_bigrams(t text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(array_to_tsvector(array_agg(DISTINCT w.g)), ''::tsvector)
  FROM (SELECT substr(lower(t), i, 2) AS g FROM generate_series(1, char_length(t) - 1) AS i) w
  WHERE w.g !~ '\s'
$$;

CREATE OR REPLACE FUNCTION cases_search_text(case_id bigint, code text, what text, asked text, address text, phone text)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws(' ', code, what, asked, address, phone, (
    SELECT string_agg(concat_ws(' ', p.name, p.phone), ' ')
    FROM cases_casepetitioner cp JOIN cases_petitioner p ON p.id = cp.petitioner_id
    WHERE cp.case_id = $1))
$$;

CREATE OR REPLACE FUNCTION cases_search_refresh(ids bigint[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO cases_casesearch (case_id, bigrams)
  SELECT c.id, cases_bigrams(
    cases_search_text(c.id, concat_ws(' ', c.tracking_code, c.handover_number), c.what_happened, c.request, c.address, c.contact_phone))
  FROM cases_case c WHERE c.id = ANY(ids)
  ON CONFLICT (case_id) DO UPDATE SET bigrams = EXCLUDED.bigrams
$$;

CREATE OR REPLACE FUNCTION cases_search_own() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM cases_casesearch WHERE case_id = OLD.id;
    RETURN NULL;
  END IF;
  PERFORM cases_search_refresh(ARRAY[NEW.id]);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION cases_search_forget_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM cases_casesearch;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION cases_search_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    PERFORM cases_search_refresh(ARRAY[OLD.case_id]);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM cases_search_refresh(ARRAY[NEW.case_id]);
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION cases_search_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cases_search_refresh(ARRAY(SELECT cp.case_id FROM cases_casepetitioner cp WHERE cp.petitioner_id = NEW.id));
  RETURN NULL;
END $$;
"""

INSTALL = [
    "CREATE TABLE IF NOT EXISTS cases_casesearch (case_id bigint PRIMARY KEY, bigrams tsvector NOT NULL)",
    FUNCTIONS,
    "INSERT INTO cases_casesearch (case_id, bigrams) SELECT c.id, cases_bigrams(cases_search_text("
    "c.id, concat_ws(' ', c.tracking_code, c.handover_number), c.what_happened, c.request, c.address, c.contact_phone)) FROM cases_case c "
    "ON CONFLICT (case_id) DO UPDATE SET bigrams = EXCLUDED.bigrams",
    "CREATE INDEX IF NOT EXISTS case_search_bigrams ON cases_casesearch USING gin (bigrams)",
    "DROP TRIGGER IF EXISTS cases_search_own ON cases_case",
    "CREATE TRIGGER cases_search_own AFTER INSERT OR DELETE OR UPDATE OF "
    "tracking_code, handover_number, what_happened, request, address, contact_phone "
    "ON cases_case FOR EACH ROW EXECUTE FUNCTION cases_search_own()",
    "DROP TRIGGER IF EXISTS cases_search_forget_all ON cases_case",
    "CREATE TRIGGER cases_search_forget_all AFTER TRUNCATE ON cases_case "
    "FOR EACH STATEMENT EXECUTE FUNCTION cases_search_forget_all()",
    "DROP TRIGGER IF EXISTS cases_search_link ON cases_casepetitioner",
    "CREATE TRIGGER cases_search_link AFTER INSERT OR DELETE OR UPDATE OF petitioner_id, case_id "
    "ON cases_casepetitioner FOR EACH ROW EXECUTE FUNCTION cases_search_link()",
    "DROP TRIGGER IF EXISTS cases_search_person ON cases_petitioner",
    "CREATE TRIGGER cases_search_person AFTER UPDATE OF name, phone "
    "ON cases_petitioner FOR EACH ROW EXECUTE FUNCTION cases_search_person()",
    "ANALYZE cases_casesearch",
]

REMOVE = [
    "DROP TRIGGER IF EXISTS cases_search_person ON cases_petitioner",
    "DROP TRIGGER IF EXISTS cases_search_link ON cases_casepetitioner",
    "DROP TRIGGER IF EXISTS cases_search_forget_all ON cases_case",
    "DROP TRIGGER IF EXISTS cases_search_own ON cases_case",
    "DROP TABLE IF EXISTS cases_casesearch",
    "DROP FUNCTION IF EXISTS cases_search_person(), cases_search_link(), cases_search_refresh(bigint[]), "
    "cases_search_own(), cases_search_forget_all(), cases_search_text(bigint, text, text, text, text, text), "
    "cases_bigrams(text)",
]


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in INSTALL:
            schema_editor.execute(statement)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in REMOVE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_queue_keyset_indexes")]

    operations = [migrations.RunPython(install, remove)]
