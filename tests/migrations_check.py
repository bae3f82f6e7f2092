"""Every migration run on a fresh PostgreSQL database, in a process of its own.

The suite's databases are built from the models (decision 0010); tests/test_migrations.py checks
that the migrations build the same schema. Running them takes about 30 s of one process, so the
pytest main process (idle while the test processes work) starts them as the session starts, and
the test waits for the result. Without the head start (a run that did not start it), the test
runs them itself.
"""

import os
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
ENV = "COUNCIL_MIGRATIONS_DATABASE"
_started: dict = {}


def server() -> dict | None:
    from django.conf import settings

    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("postgresql"):
        return None
    return {
        "host": database["HOST"],
        "port": database["PORT"] or 5432,
        "user": database["USER"],
        "password": database["PASSWORD"],
    }


def _files(name: str) -> tuple[Path, Path]:
    folder = Path(tempfile.gettempdir())
    return folder / f"{name}.stderr", folder / f"{name}.returncode"


def _admin(sql: str, where: dict):
    with psycopg.connect(dbname="postgres", autocommit=True, **where) as admin:
        admin.execute(sql)


def _migrate(name: str, where: dict):
    """Create the database and run every migration on it; write stderr and the return code."""
    stderr, returncode = _files(name)
    _admin(f'CREATE DATABASE "{name}"', where)
    url = f"postgres://{where['user']}:{where['password'] or ''}@{where['host']}:{where['port']}/{name}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "council.settings.test"}
    with stderr.open("wb") as errors:
        run = subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, stderr=errors
        )
    returncode.write_text(str(run.returncode))


def start():
    """In the main pytest process, as the session starts: run the migrations beside the tests."""
    where = server()
    if where is None or os.environ.get("PYTEST_XDIST_WORKER"):
        return
    name = f"migrations_{uuid.uuid4().hex[:12]}"
    os.environ[ENV] = name  # the test processes, started after this, inherit it
    thread = threading.Thread(target=_migrate, args=(name, where), daemon=True)
    thread.start()
    _started.update(name=name, thread=thread, where=where)


def finish():
    """In the main pytest process, once every test has run: drop the database."""
    if not _started:
        return
    _started["thread"].join()
    _admin(f'DROP DATABASE IF EXISTS "{_started["name"]}" WITH (FORCE)', _started["where"])
    for path in _files(_started["name"]):
        path.unlink(missing_ok=True)


def migrated(timeout: float = 600) -> tuple[str, dict, int, str]:
    """(database name, server, return code, stderr) of the migrations run for this session,
    waiting for it; or run them here and now when the session did not start them."""
    import time

    where = server()
    name = os.environ.get(ENV)
    if name is None:
        name = f"migrations_{uuid.uuid4().hex[:12]}"
        _migrate(name, where)
    stderr, returncode = _files(name)
    deadline = time.monotonic() + timeout
    while not returncode.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    return name, where, int(returncode.read_text()), stderr.read_text(errors="replace")


def drop_if_ours(name: str, where: dict):
    """A database the test made itself (no session head start) is dropped by the test."""
    if os.environ.get(ENV) != name:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', where)
        for path in _files(name):
            path.unlink(missing_ok=True)
