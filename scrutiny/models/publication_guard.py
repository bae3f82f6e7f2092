"""The database itself refuses to change or delete the publication record (LGA 1972 s.100B).

The record is the council's evidence that the publication law was followed, so the refusal is a
trigger on its table, not only the model's: whatever code, or person with a SQL prompt, tries.
The migration that introduced it (scrutiny 0008) and every ``migrate`` or test database built from
the models (``post_migrate``) install it the same way; installing it again changes nothing.
"""

MESSAGE = "A publication record cannot be changed or deleted"

_POSTGRES_INSTALL = f"""
CREATE OR REPLACE FUNCTION scrutiny_publication_is_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE TRIGGER scrutiny_publication_immutable
    BEFORE UPDATE OR DELETE ON scrutiny_publication
    FOR EACH ROW EXECUTE FUNCTION scrutiny_publication_is_immutable();
"""
_POSTGRES_REMOVE = """
DROP TRIGGER IF EXISTS scrutiny_publication_immutable ON scrutiny_publication;
DROP FUNCTION IF EXISTS scrutiny_publication_is_immutable();
"""
_SQLITE_INSTALL = tuple(
    f"CREATE TRIGGER IF NOT EXISTS scrutiny_publication_no_{event.lower()} BEFORE {event} ON scrutiny_publication "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    for event in ("UPDATE", "DELETE")
)
_SQLITE_REMOVE = (
    "DROP TRIGGER IF EXISTS scrutiny_publication_no_update",
    "DROP TRIGGER IF EXISTS scrutiny_publication_no_delete",
)


def _statements(vendor: str, install: bool) -> tuple[str, ...]:
    if vendor == "postgresql":
        return (_POSTGRES_INSTALL if install else _POSTGRES_REMOVE,)
    if vendor == "sqlite":
        return _SQLITE_INSTALL if install else _SQLITE_REMOVE
    return ()


def install(apps, schema_editor):
    """Migration operation (and the post_migrate path's body): install the trigger."""
    for statement in _statements(schema_editor.connection.vendor, install=True):
        schema_editor.execute(statement)


def remove(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, install=False):
        schema_editor.execute(statement)


def ensure(sender, using="default", **kwargs):
    """post_migrate: the trigger exists after every ``migrate``, including a test database built
    from the models without running migrations, once the table exists."""
    from django.db import connections

    connection = connections[using]
    if "scrutiny_publication" not in connection.introspection.table_names():
        return
    with connection.schema_editor() as schema_editor:
        install(None, schema_editor)
