"""The GIN index on the search vector, on PostgreSQL only.

A ``GinIndex`` in the model's ``Meta`` would be created on SQLite too, which has no such index, and
``make run`` runs the migrations on SQLite; so the index is installed by the migration that made the
table (record 0100) and, for databases built from the models (the tests), after every ``migrate``.
Installing it again changes nothing.
"""

INDEX = "record_searchentry_vector_gin"
_INSTALL = f"CREATE INDEX IF NOT EXISTS {INDEX} ON record_searchentry USING gin (vector)"
_REMOVE = f"DROP INDEX IF EXISTS {INDEX}"
# The public's search reads only the rows stored ``public`` (record 0004): a GIN index of those alone.
PUBLIC_INDEX = "record_searchentry_public_vector_gin"
_INSTALL_PUBLIC = f"CREATE INDEX IF NOT EXISTS {PUBLIC_INDEX} ON record_searchentry USING gin (vector) WHERE public"
_REMOVE_PUBLIC = f"DROP INDEX IF EXISTS {PUBLIC_INDEX}"


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_INSTALL)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_REMOVE)


def install_public(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_INSTALL_PUBLIC)


def remove_public(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_REMOVE_PUBLIC)


def ensure(sender, using="default", **kwargs):
    """post_migrate: the index exists after every ``migrate``, once the table exists."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "postgresql" or "record_searchentry" not in connection.introspection.table_names():
        return
    columns = {
        column.name
        for column in connection.introspection.get_table_description(connection.cursor(), "record_searchentry")
    }
    with connection.schema_editor() as schema_editor:
        install(None, schema_editor)
        if "public" in columns:
            install_public(None, schema_editor)
