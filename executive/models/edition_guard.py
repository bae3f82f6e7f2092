"""The database itself refuses to change or delete the executive's published notices (the 2012
Regulations regs 9 and 10): a forward plan edition and a general exception notice are the council's
evidence that a key decision was noticed in time, so, as for scrutiny's publication record
(scrutiny/models/publication_guard.py), the refusal is a trigger on each table. The migrations
install it, and so does every ``migrate`` (``post_migrate``), for a test database built from the
models. Only tables that exist are guarded: an older migration runs before the newer table is made."""

#: table: (trigger name, the message the refusal gives)
GUARDED = {
    "executive_forwardplanedition": ("executive_edition", "A forward plan edition cannot be changed or deleted"),
    "executive_generalexceptionnotice": (
        "executive_general_exception",
        "A general exception notice cannot be changed or deleted",
    ),
}


def _postgres_install(table: str, name: str, message: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {name}_is_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE TRIGGER {name}_immutable
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {name}_is_immutable();
"""


def _postgres_remove(table: str, name: str) -> str:
    return f"""
DROP TRIGGER IF EXISTS {name}_immutable ON {table};
DROP FUNCTION IF EXISTS {name}_is_immutable();
"""


def _statements(vendor: str, install: bool, table: str) -> tuple[str, ...]:
    name, message = GUARDED[table]
    if vendor == "postgresql":
        return (_postgres_install(table, name, message) if install else _postgres_remove(table, name),)
    if vendor == "sqlite":
        if install:
            return tuple(
                f"CREATE TRIGGER IF NOT EXISTS {name}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
                for event in ("UPDATE", "DELETE")
            )
        return tuple(f"DROP TRIGGER IF EXISTS {name}_no_{event}" for event in ("update", "delete"))
    return ()


def _existing(connection) -> list[str]:
    tables = set(connection.introspection.table_names())
    return [table for table in GUARDED if table in tables]


def install(apps, schema_editor):
    for table in _existing(schema_editor.connection):
        for statement in _statements(schema_editor.connection.vendor, True, table):
            schema_editor.execute(statement)


def remove(apps, schema_editor):
    for table in _existing(schema_editor.connection):
        for statement in _statements(schema_editor.connection.vendor, False, table):
            schema_editor.execute(statement)


def ensure(sender, using="default", **kwargs):
    from django.db import connections

    connection = connections[using]
    if not _existing(connection):
        return
    with connection.schema_editor() as schema_editor:
        install(None, schema_editor)
