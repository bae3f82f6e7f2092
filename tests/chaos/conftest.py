"""Chaos tests: a Redis broker of the test's own (``redis-server`` on a free port, nothing saved to
disk) that the test stops and starts, a real Celery worker on it (in this process, or a separate
process the test kills with SIGKILL), and a real SMTP sink (aiosmtpd). Waiting is bounded polling,
never an assertion about time."""

import contextlib
import os
import shutil
import subprocess
import time

import pytest

from tests.consultation_reminders_smtp import free_port

WAIT_SECONDS = 60


def wait_until(done, what: str, seconds: float = WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            pytest.fail(f"Not done within {seconds} seconds: {what}")
        time.sleep(0.05)


class Broker:
    """A ``redis-server`` of the test's own; ``stop`` kills it (its queue is lost with it, as no
    snapshot is saved), ``start`` brings a fresh one up on the same port."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.fail("The chaos tests need redis-server (Debian's redis-server package)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping())
        except redis.ConnectionError:
            return False

    def start(self):
        command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self.ping, "the test's redis-server answering", seconds=20)

    def stop(self):
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=20)
            self.process = None
        assert not self.ping()


@pytest.fixture
def broker():
    broker = Broker()
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def celery_on(broker, settings):
    """The Celery app sending (not eagerly) to the test's broker, on a queue of this test's own."""
    from conftest import _fresh_celery_connections
    from council.celery import app

    queue = f"chaos-{os.getpid()}"
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "result_backend", "task_default_queue")}
    app.conf.update(broker_url=broker.url, task_always_eager=False, result_backend=None, task_default_queue=queue)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    _fresh_celery_connections(app)
    try:
        yield app
    finally:
        app.conf.update(saved)
        _fresh_celery_connections(app)


@contextlib.contextmanager
def worker(app):
    """A real worker in this process (solo pool) on the app's broker and queue, for the block."""
    from celery.contrib.testing.worker import start_worker

    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        yield
