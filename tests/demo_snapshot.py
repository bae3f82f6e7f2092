"""The demo council, loaded once per test process and put back quickly in each test that asks for it.

Loading the demo runs every app's loader through the services (a year of meetings for every body,
reviews through their gates, consultations with their responses, the source meeting's PDFs) and
takes several seconds. So the ``demo_council`` fixture (conftest.py) loads it once, in a
transaction that is rolled back, and keeps what it added: each table's new rows as PostgreSQL
``COPY`` text, and the files it stored. A test then gets the same rows back inside its own
transaction with one ``COPY ... FROM STDIN`` per table (user triggers, such as the publication
record's guard, and the foreign-key triggers are off while the rows go in: they were checked when
the demo was loaded), the sequences moved past the restored ids, and the files written to the
storage the test uses.

The tests of the loader itself (tests/test_demo.py: loading twice changes nothing, every role has a
sign-in) still load it for real.
"""

import hashlib
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.test import override_settings

from council.demo import DemoLogin, load_all


@dataclass(frozen=True)
class Snapshot:
    rows: dict[str, bytes]  # table -> the rows the demo added, as COPY text
    sequences: dict[str, int]  # sequence -> the highest id the demo gave out
    files: dict[str, bytes]  # storage name -> content
    logins: list[DemoLogin]
    baseline: str  # a digest of the rows that were there before (content types, permissions, groups)


_snapshot: Snapshot | None = None


def restore() -> list[DemoLogin]:
    """Put the demo council into the current transaction; return its sign-ins as ``load_all`` does."""
    global _snapshot
    with connection.cursor() as cursor:
        if _snapshot is None or _baseline(cursor, _tables(cursor)) != _snapshot.baseline:
            # First use in this process, or the rows the snapshot was taken on top of have changed
            # (a test that commits may leave them different): load the demo again.
            _snapshot = capture()
        _restore_rows(cursor, _snapshot)
    _restore_files(_snapshot.files)
    return list(_snapshot.logins)


def capture() -> Snapshot:
    """Load the demo in a savepoint (or transaction) that is rolled back, and keep what it added."""
    with connection.cursor() as cursor, tempfile.TemporaryDirectory() as media:
        tables = _tables(cursor)
        with transaction.atomic():
            baseline = _baseline(cursor, tables)
            before = {table: _copy_out(cursor, table) for table in tables}
            with override_settings(MEDIA_ROOT=media, DEMO_BUILD_PACKS=False):
                logins = load_all()
            rows = {}
            for table in tables:
                added = Counter(_lines(_copy_out(cursor, table)))
                existing = Counter(_lines(before[table]))
                if existing - added:
                    raise RuntimeError(f"The demo changed rows that were there before it, in {table}: cannot snapshot")
                if new := added - existing:
                    rows[table] = b"".join(line + b"\n" for line in new.elements())
            sequences = _highest_ids(cursor, rows)
            transaction.set_rollback(True)
        files = {
            path.relative_to(media).as_posix(): path.read_bytes() for path in Path(media).rglob("*") if path.is_file()
        }
    return Snapshot(rows=rows, sequences=sequences, files=files, logins=logins, baseline=baseline)


@transaction.atomic
def _restore_rows(cursor, snapshot: Snapshot) -> None:
    quote = connection.ops.quote_name
    cursor.execute("SELECT current_setting('is_superuser') = 'on'")
    # No user triggers or foreign-key checks while the rows go in (changing this needs a superuser,
    # as the test database's owner usually is; otherwise the keys are checked at the end as usual).
    quiet = cursor.fetchone()[0]
    if quiet:
        cursor.execute("SET LOCAL session_replication_role = replica")
    for table, data in snapshot.rows.items():
        with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
            copy.write(data)
    if quiet:
        cursor.execute("SET LOCAL session_replication_role = origin")
    for sequence, highest in snapshot.sequences.items():
        cursor.execute(
            f"SELECT setval(%s, GREATEST(%s, (SELECT last_value FROM {sequence})))",  # noqa: S608 (from the catalogue)
            [sequence, highest],
        )


def _restore_files(files: dict[str, bytes]) -> None:
    """The demo's uploads, where the storage the test uses looks for them (written each time: a test
    may have spoiled one on purpose)."""
    from django.core.files.storage import default_storage

    for name, content in files.items():
        path = Path(default_storage.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def _tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _copy_out(cursor, table: str) -> bytes:
    with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
        return b"".join(bytes(block) for block in copy)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")[:-1]  # COPY text ends each row with a newline (and escapes those inside)


def _baseline(cursor, tables: list[str]) -> str:
    """A digest of every row already there (one query finds the tables that have any)."""
    quote = connection.ops.quote_name
    cursor.execute(
        " UNION ALL ".join(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(table)})" for table in tables),  # noqa: S608
        tables,
    )
    digest = hashlib.sha256()
    for (table,) in cursor.fetchall():
        digest.update(table.encode() + b"\0" + b"\n".join(sorted(_lines(_copy_out(cursor, table)))))
    return digest.hexdigest()


def _highest_ids(cursor, rows: dict[str, bytes]) -> dict[str, int]:
    """Each sequence-owned column of the tables the demo filled, with the highest value in it."""
    highest = {}
    for table in rows:
        cursor.execute(
            "SELECT a.attname, pg_get_serial_sequence(%s, a.attname) FROM pg_attribute a "
            "WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped",
            [connection.ops.quote_name(table), connection.ops.quote_name(table)],
        )
        for column, sequence in cursor.fetchall():
            if sequence:
                quote = connection.ops.quote_name
                cursor.execute(f"SELECT max({quote(column)}) FROM {quote(table)}")  # noqa: S608 (catalogue names)
                highest[sequence] = cursor.fetchone()[0]
    return highest
