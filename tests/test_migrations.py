"""The suite's databases are built from the models (pytest --nomigrations: running the 57
migrations took about 30 seconds on each test process). This test keeps the migrations honest: it
runs them all on a fresh PostgreSQL database (started beside the tests as the session starts:
tests/migrations_check.py) and finds exactly the schema the models build, with the publication
record's trigger in both."""

import psycopg
import pytest
from django.db import connection

from tests import migrations_check

SCHEMA = """
SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, coalesce(c.character_maximum_length, 0)
FROM information_schema.columns c
JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> 'django_migrations'
"""
CONSTRAINTS = """
SELECT tc.table_name, tc.constraint_type, string_agg(k.column_name, ',' ORDER BY k.column_name)
FROM information_schema.table_constraints tc
LEFT JOIN information_schema.key_column_usage k
  ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
WHERE tc.table_schema = 'public' AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
  AND tc.table_name <> 'django_migrations'
GROUP BY tc.table_name, tc.constraint_type, tc.constraint_name
"""
CHECKS = "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'c'"
TRIGGERS = "SELECT event_object_table, trigger_name, event_manipulation FROM information_schema.triggers"

# Django's own auth migration made this table's id an integer before DEFAULT_AUTO_FIELD existed;
# built from the models it is a bigint. Not ours to change.
DJANGO_OWN = {
    "columns": {
        ("auth_group_permissions", "id", "integer", "NO", "0"),
        ("auth_group_permissions", "id", "bigint", "NO", "0"),
    },
    "keys": set(),
    "checks": set(),
    "triggers": set(),
}


def _describe(cursor) -> dict:
    described = {}
    for name, query in (("columns", SCHEMA), ("keys", CONSTRAINTS), ("checks", CHECKS), ("triggers", TRIGGERS)):
        cursor.execute(query)
        described[name] = sorted(tuple(str(value) for value in row) for row in cursor.fetchall())
    return described


@pytest.mark.django_db
def test_the_migrations_build_the_schema_the_models_describe():
    if connection.vendor != "postgresql":
        pytest.skip("the suite runs on PostgreSQL (make test)")
    name, where, returncode, stderr = migrations_check.migrated()
    try:
        assert returncode == 0, stderr[-3000:]
        with psycopg.connect(dbname=name, **where) as migrated, migrated.cursor() as cursor:
            from_migrations = _describe(cursor)
        with connection.cursor() as cursor:
            from_models = _describe(cursor)
    finally:
        migrations_check.drop_if_ours(name, where)
    assert ("scrutiny_publication", "scrutiny_publication_immutable", "DELETE") in from_models["triggers"]
    assert ("executive_forwardplanedition", "executive_edition_immutable", "UPDATE") in from_models["triggers"]
    differences = {}
    for part in from_models:
        missing = sorted(set(from_models[part]) - set(from_migrations[part]) - DJANGO_OWN[part])
        extra = sorted(set(from_migrations[part]) - set(from_models[part]) - DJANGO_OWN[part])
        if missing or extra:
            differences[part] = {"only from the models": missing, "only from the migrations": extra}
    assert differences == {}
