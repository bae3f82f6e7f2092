"""The GIN index on the search vector, on PostgreSQL only.

A ``GinIndex`` in the model's ``Meta`` would be created on SQLite too, which has no such index, and
``make run`` runs the migrations on SQLite; so the index is installed by the migration that made the
table (record 0007) and, for databases built from the models (the tests), after every ``migrate``.
Installing it again changes nothing.
"""

INDEX = "record_searchentry_vector_gin"
_INSTALL = f"CREATE INDEX IF NOT EXISTS {INDEX} ON record_searchentry USING gin (vector)"
_REMOVE = f"DROP INDEX IF EXISTS {INDEX}"
# The public's search reads only the rows stored ``public`` (record 0004): a GIN index of those alone.
PUBLIC_INDEX = "record_searchentry_public_vector_gin"
_INSTALL_PUBLIC = f"CREATE INDEX IF NOT EXISTS {PUBLIC_INDEX} ON record_searchentry USING gin (vector) WHERE public"
_REMOVE_PUBLIC = f"DROP INDEX IF EXISTS {PUBLIC_INDEX}"


# A signed-in person's search asks their live rule of the rows not public that match the words
# (``record.selectors.search._allowed``): a GIN index of those few rows alone (record 0007).
RESTRICTED_INDEX = "record_searchentry_restricted_vector_gin"
_INSTALL_RESTRICTED = (
    f"CREATE INDEX IF NOT EXISTS {RESTRICTED_INDEX} ON record_searchentry USING gin (vector) WHERE NOT public"
)
_REMOVE_RESTRICTED = f"DROP INDEX IF EXISTS {RESTRICTED_INDEX}"
# A search takes the newest matches of the rows public first (``MAX_RESULTS``): the order of an
# index, so that a common word's newest thousand are read without reading all its rows.
NEWEST_INDEX = "record_searchentry_public_newest"
_INSTALL_NEWEST = (
    f"CREATE INDEX IF NOT EXISTS {NEWEST_INDEX} ON record_searchentry (date DESC NULLS LAST, id DESC) WHERE public"
)
_REMOVE_NEWEST = f"DROP INDEX IF EXISTS {NEWEST_INDEX}"


# Rows kept narrow (decision 0047): a row longer than this many bytes has its long values (a page's
# text and vector) moved out of line, into the table's TOAST, so that the table itself holds a few
# dozen rows a page. A rare word's matches are then read through the GIN index from a few thousand
# small pages rather than one large page each (PostgreSQL's default target is about 2 kB: most
# rows of a report's page stayed whole in the table, about 4 kB each). New and rewritten rows only:
# the nightly rebuild rewrites every row (or ``VACUUM FULL record_searchentry`` once).
NARROW_ROWS = "ALTER TABLE record_searchentry SET (toast_tuple_target = 128)"
_WIDE_ROWS = "ALTER TABLE record_searchentry RESET (toast_tuple_target)"


def _on_postgresql(*statements: str):
    """A migration's operation (``RunPython``'s signature) running ``statements`` on PostgreSQL and
    nothing elsewhere (``make run``'s SQLite)."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


install, remove = _on_postgresql(_INSTALL), _on_postgresql(_REMOVE)
install_public, remove_public = _on_postgresql(_INSTALL_PUBLIC), _on_postgresql(_REMOVE_PUBLIC)
install_restricted = _on_postgresql(_INSTALL_RESTRICTED, _INSTALL_NEWEST)
remove_restricted = _on_postgresql(_REMOVE_RESTRICTED, _REMOVE_NEWEST)
install_narrow, remove_narrow = _on_postgresql(NARROW_ROWS), _on_postgresql(_WIDE_ROWS)


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
        install_narrow(None, schema_editor)
        if "public" in columns:
            install_public(None, schema_editor)
            install_restricted(None, schema_editor)
