"""The GIN index on the search vector, on PostgreSQL only.

A ``GinIndex`` in the model's ``Meta`` would be created on SQLite too, which has no such index, and
``make run`` runs the migrations on SQLite; so the index is installed by the migration that made the
table (record 0100) and, for databases built from the models (the tests), after every ``migrate``.
Installing it again changes nothing.
"""

INDEX = "record_searchentry_vector_gin"
_INSTALL = f"CREATE INDEX IF NOT EXISTS {INDEX} ON record_searchentry USING gin (vector)"
_REMOVE = f"DROP INDEX IF EXISTS {INDEX}"


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_INSTALL)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_REMOVE)


def ensure(sender, using="default", **kwargs):
    """post_migrate: the index exists after every ``migrate``, once the table exists."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "postgresql" or "record_searchentry" not in connection.introspection.table_names():
        return
    with connection.schema_editor() as schema_editor:
        install(None, schema_editor)
