"""What the chaos tests share: a redis-server of their own, a real Celery worker in a process of its
own (``tests/chaos/worker.py``) against the test database, and a pack kind both processes know.

Everything is started on a free port or in the test's own folders and stopped by the fixture that
started it (by its process id), so other test runs on the machine are never touched. Waiting is
bounded polling, never a timing assertion.
"""

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from council import permissions
from council.packs import registry
from council.packs.spec import PackSpec, PdfPart
from council.roles import Role

KIND = "chaos-pack"
ROOT = Path(__file__).resolve().parents[2]
APPENDIX = "chaos/appendix.pdf"
WAIT_SECONDS = 60


def wait_until(done, what: str, seconds: float = WAIT_SECONDS, every: float = 0.1):
    deadline = time.monotonic() + seconds
    while not (result := done()):
        if time.monotonic() > deadline:
            pytest.fail(f"Not within {seconds} seconds: {what}")
        time.sleep(every)
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build_spec(obj, edition) -> PackSpec:
    """A pack of one uploaded PDF (stored by the test under APPENDIX): read, numbered and merged."""
    from django.core.files.storage import default_storage

    with default_storage.open(APPENDIX, "rb") as file:
        sha256 = hashlib.sha256(file.read()).hexdigest()
    return PackSpec(
        title="Chaos Committee, 1 April 2027: agenda pack",
        author="Northbridge Borough Council",
        filename="chaos-2027-04-01.pdf",
        parts=(
            PdfPart(key="appendix", storage_name=APPENDIX, sha256=sha256, name="Appendix A", bookmark="Appendix A"),
        ),
    )


def register_kind() -> None:
    registry.register(
        registry.PackKind(
            name=KIND,
            model=get_user_model(),
            build_spec=build_spec,
            can_build=lambda user, obj, edition: permissions.has_role(user, Role.DEMOCRATIC_SERVICES),
            can_download=lambda user, obj, edition: True,
            editions=lambda obj: ["public"],
            label=lambda edition: "Chaos pack",
        )
    )


@pytest.fixture
def chaos_kind():
    register_kind()
    yield KIND
    registry._kinds.pop(KIND, None)


class Redis:
    def __init__(self, folder: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        client = redis.Redis.from_url(self.url)

        def answers():
            try:
                return client.ping()
            except redis.ConnectionError:
                return False

        wait_until(answers, "redis-server to answer", seconds=20)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def own_redis(tmp_path):
    server = Redis(tmp_path)
    yield server
    server.stop()


class Worker:
    """``python tests/chaos/worker.py``: a Celery worker (solo pool) on ``queue`` of ``broker``,
    against this test's database and media folder, with its own temporary folder."""

    def __init__(self, *, broker: str, queue: str, folder: Path, lease_seconds: int, slow_merge: bool = False):
        self.tmp = folder / "tmp"
        self.tmp.mkdir(parents=True)
        self.log = folder / "worker.log"
        database = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "council.settings.test",
            "DATABASE_URL": (
                f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
                f"/{database['NAME']}"
            ),
            "REDIS_URL": broker,
            "CELERY_BROKER_URL": broker,
            "CHAOS_QUEUE": queue,
            "CHAOS_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "CHAOS_MARKS": str(folder),
            "CHAOS_SLOW_MERGE": "1" if slow_merge else "",
            "PACK_BUILD_LEASE_SECONDS": str(lease_seconds),
            "TMPDIR": str(self.tmp),
            "PYTHONPATH": str(ROOT),
        }
        if database.get("PASSWORD"):
            env["PGPASSWORD"] = database["PASSWORD"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "tests" / "chaos" / "worker.py")],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.marks = folder

    def kill(self):
        """SIGKILL: nothing in the worker runs again, not a ``finally``, not a signal handler."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def temporary_files(self) -> list[str]:
        return sorted(str(path.relative_to(self.tmp)) for path in self.tmp.rglob("*"))

    def output(self) -> str:
        return self.log.read_text(errors="replace")
