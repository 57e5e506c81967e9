"""French full-text search on PostgreSQL: unaccent, a "french_unaccent" configuration (the
french stemmer after unaccent, so that "precarite" finds "Précarité"), the GIN index, and
the search vectors and stage dates of initiatives already there. Nothing on SQLite, where
the board falls back to a plain search."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
    CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION french_unaccent
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
END $$;
CREATE INDEX IF NOT EXISTS initiative_search_gin
  ON initiatives_initiative USING gin (search_vector);
"""

DROP = """
DROP INDEX IF EXISTS initiative_search_gin;
DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;
"""

# Kept in step with initiatives.search.VECTOR_SQL, which the services use afterwards.
REINDEX = """
UPDATE initiatives_initiative AS i SET search_vector =
    setweight(to_tsvector('french_unaccent', coalesce(i.title, '')), 'A')
 || setweight(to_tsvector('french_unaccent', coalesce(
        (SELECT o.name FROM initiatives_organisation o WHERE o.id = i.carrier_id), '')), 'B')
 || setweight(to_tsvector('french_unaccent', coalesce(i.summary, '')), 'B')
 || setweight(to_tsvector('french_unaccent', coalesce(i.problem, '')), 'C');
"""

STAGE_DATES = """
UPDATE initiatives_initiative AS i SET stage_entered_at = coalesce((
    SELECT max(l.timestamp) FROM django_fsm_log_statelog l
    JOIN django_content_type ct ON ct.id = l.content_type_id
    WHERE ct.app_label = 'initiatives' AND ct.model = 'initiative' AND l.object_id = i.id
), i.created_at);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)
        schema_editor.execute(REINDEX)
    schema_editor.execute(STAGE_DATES)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0004_triage"),
        ("django_fsm_log", "0004_auto_20190131_0341"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
