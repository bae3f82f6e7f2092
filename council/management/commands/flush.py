"""``flush``, with a quick path for the test suite's flush between transactional tests.

Django empties every table after each test that commits (the browser tests, whose pages are
served by a live server in another thread) with one ``TRUNCATE`` of all ~150 tables: about 0.45 s
on PostgreSQL, because each truncated table gets new files. Deleting the rows instead, in one
transaction with the foreign keys checked at its end (Django makes them ``DEFERRABLE INITIALLY
DEFERRED``), takes about 0.05 s for the few rows a test leaves; and keeping the content types, permissions and
role groups, which post_migrate would make again as they were, saves recreating them. The quick path is taken only for
that internal call (no sequence reset, no prompt) on PostgreSQL; ``manage.py flush`` itself is
Django's. User triggers (the publication record refuses DELETE) are switched off for the
transaction only, as TRUNCATE would pass them by too.
"""

from django.core.management.commands import flush
from django.core.management.sql import emit_post_migrate_signal
from django.db import connections, transaction

#: What post_migrate would make again exactly as it was: content types, permissions, the role groups
#: (whose permissions ``council.roles.sync_role_permissions`` sets back to the declared ones).
KEPT = {"django_content_type", "auth_permission", "auth_group", "auth_group_permissions"}


class Command(flush.Command):
    def handle(self, **options):
        database = options["database"]
        connection = connections[database]
        quick = (
            connection.vendor == "postgresql"
            and options.get("reset_sequences", True) is False
            and not options["interactive"]
        )
        if not quick:
            return super().handle(**options)
        tables = set(connection.introspection.django_table_names(only_existing=True, include_views=False))
        quote = connection.ops.quote_name
        with transaction.atomic(using=database), connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND c.relname = ANY(%s)",
                [list(tables)],
            )
            guarded = [row[0] for row in cursor.fetchall()]
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in guarded:
                cursor.execute(f"ALTER TABLE {quote(table)} DISABLE TRIGGER USER")
            for table in tables - KEPT:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 (Django's own table names, quoted)
            # Check the keys now: a table with checks pending cannot be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in guarded:
                cursor.execute(f"ALTER TABLE {quote(table)} ENABLE TRIGGER USER")
        if not options.get("inhibit_post_migrate", False):
            emit_post_migrate_signal(options["verbosity"], options["interactive"], database)
