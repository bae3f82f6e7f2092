"""The database itself refuses to change or delete a forward plan edition (the 2012 Regulations
reg 9): the edition is the council's evidence that a key decision was noticed in time, so, as for
scrutiny's publication record (scrutiny/models/publication_guard.py), the refusal is a trigger on
its table. The migration installs it, and so does every ``migrate`` (``post_migrate``), for a test
database built from the models."""

MESSAGE = "A forward plan edition cannot be changed or deleted"
TABLE = "executive_forwardplanedition"

_POSTGRES_INSTALL = f"""
CREATE OR REPLACE FUNCTION executive_edition_is_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE TRIGGER executive_edition_immutable
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION executive_edition_is_immutable();
"""
_POSTGRES_REMOVE = f"""
DROP TRIGGER IF EXISTS executive_edition_immutable ON {TABLE};
DROP FUNCTION IF EXISTS executive_edition_is_immutable();
"""
_SQLITE_INSTALL = tuple(
    f"CREATE TRIGGER IF NOT EXISTS executive_edition_no_{event.lower()} BEFORE {event} ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    for event in ("UPDATE", "DELETE")
)
_SQLITE_REMOVE = (
    "DROP TRIGGER IF EXISTS executive_edition_no_update",
    "DROP TRIGGER IF EXISTS executive_edition_no_delete",
)


def _statements(vendor: str, install: bool) -> tuple[str, ...]:
    if vendor == "postgresql":
        return (_POSTGRES_INSTALL if install else _POSTGRES_REMOVE,)
    if vendor == "sqlite":
        return _SQLITE_INSTALL if install else _SQLITE_REMOVE
    return ()


def install(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, install=True):
        schema_editor.execute(statement)


def remove(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, install=False):
        schema_editor.execute(statement)


def ensure(sender, using="default", **kwargs):
    from django.db import connections

    connection = connections[using]
    if TABLE not in connection.introspection.table_names():
        return
    with connection.schema_editor() as schema_editor:
        install(None, schema_editor)
