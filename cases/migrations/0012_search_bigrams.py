# Search by any two characters, served by an index (PostgreSQL only; SQLite keeps searching row by row).
#
# Chinese has no spaces, and a trigram index cannot serve a two-character pattern such as 鸽棚 or 违建. Each
# case keeps every pair of adjacent characters of its matter, request, address, contact phone and its
# petitioners' names and phones, lower-cased, as the lexemes of a tsvector with a GIN index; a search asks
# for all the pairs of its text (cases.search), then checks the exact text on the few cases found.
# Triggers keep it: the case's own text on insert and on change of those columns, the petitioners' part
# when one is linked or unlinked, or their name or phone changes. Plain SQL: no live code is imported.

from django.db import migrations

FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION cases_bigrams(t text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(array_to_tsvector(array_agg(DISTINCT w.g)), ''::tsvector)
  FROM (SELECT substr(lower(t), i, 2) AS g FROM generate_series(1, char_length(t) - 1) AS i) w
  WHERE w.g !~ '\s'
$$;

CREATE OR REPLACE FUNCTION cases_search_text(case_id bigint, what text, asked text, address text, phone text)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT concat_ws(' ', what, asked, address, phone, (
    SELECT string_agg(concat_ws(' ', p.name, p.phone), ' ')
    FROM cases_casepetitioner cp JOIN cases_petitioner p ON p.id = cp.petitioner_id
    WHERE cp.case_id = $1))
$$;

CREATE OR REPLACE FUNCTION cases_search_own() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_bigrams := cases_bigrams(
    cases_search_text(NEW.id, NEW.what_happened, NEW.request, NEW.address, NEW.contact_phone));
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION cases_search_refresh(ids bigint[]) RETURNS void LANGUAGE sql AS $$
  UPDATE cases_case c
  SET search_bigrams = cases_bigrams(cases_search_text(c.id, c.what_happened, c.request, c.address, c.contact_phone))
  WHERE c.id = ANY(ids)
$$;

CREATE OR REPLACE FUNCTION cases_search_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM cases_search_refresh(ARRAY[OLD.case_id]);
    RETURN OLD;
  END IF;
  PERFORM cases_search_refresh(ARRAY[NEW.case_id]);
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION cases_search_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM cases_search_refresh(ARRAY(SELECT cp.case_id FROM cases_casepetitioner cp WHERE cp.petitioner_id = NEW.id));
  RETURN NEW;
END $$;
"""

INSTALL = [
    "ALTER TABLE cases_case ADD COLUMN IF NOT EXISTS search_bigrams tsvector",
    FUNCTIONS,
    # Filling a million rows changes no figure of the dashboard: its dirty-day trigger sits this one out.
    "ALTER TABLE cases_case DISABLE TRIGGER USER",
    "UPDATE cases_case c SET search_bigrams = "
    "cases_bigrams(cases_search_text(c.id, c.what_happened, c.request, c.address, c.contact_phone))",
    "ALTER TABLE cases_case ENABLE TRIGGER USER",
    "CREATE INDEX IF NOT EXISTS case_search_bigrams ON cases_case USING gin (search_bigrams)",
    "DROP TRIGGER IF EXISTS cases_search_own ON cases_case",
    "CREATE TRIGGER cases_search_own BEFORE INSERT OR UPDATE OF what_happened, request, address, contact_phone "
    "ON cases_case FOR EACH ROW EXECUTE FUNCTION cases_search_own()",
    "DROP TRIGGER IF EXISTS cases_search_link ON cases_casepetitioner",
    "CREATE TRIGGER cases_search_link AFTER INSERT OR DELETE OR UPDATE OF petitioner_id, case_id "
    "ON cases_casepetitioner FOR EACH ROW EXECUTE FUNCTION cases_search_link()",
    "DROP TRIGGER IF EXISTS cases_search_person ON cases_petitioner",
    "CREATE TRIGGER cases_search_person AFTER UPDATE OF name, phone "
    "ON cases_petitioner FOR EACH ROW EXECUTE FUNCTION cases_search_person()",
]

REMOVE = [
    "DROP TRIGGER IF EXISTS cases_search_person ON cases_petitioner",
    "DROP TRIGGER IF EXISTS cases_search_link ON cases_casepetitioner",
    "DROP TRIGGER IF EXISTS cases_search_own ON cases_case",
    "DROP INDEX IF EXISTS case_search_bigrams",
    "ALTER TABLE cases_case DROP COLUMN IF EXISTS search_bigrams",
    "DROP FUNCTION IF EXISTS cases_search_person(), cases_search_link(), cases_search_refresh(bigint[]), "
    "cases_search_own(), cases_search_text(bigint, text, text, text, text), cases_bigrams(text)",
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
    dependencies = [("cases", "0011_queue_keyset_indexes")]

    operations = [migrations.RunPython(install, remove)]
