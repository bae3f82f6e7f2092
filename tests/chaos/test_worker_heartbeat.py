"""Chaos: a worker whose only process is taken by a long task is still alive, and says so.

The heartbeat used to be a beat task in the queue the pack builds use: behind a long build it
waited, expired, and /healthz said the worker was not running while it was working. A real Celery
worker (solo pool: one process, the one the task takes) runs here in a process of its own, with a
heartbeat every second. The test keeps it busy with a task longer than the heartbeat's stale time,
sees the heartbeat go on, then kills the worker and sees the heartbeat stop and go stale.
"""

# ruff: noqa: F811  (fixtures imported from the kit are redefined as test arguments)

import datetime
import os

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from council import health
from council.models import WorkerHeartbeat
from tests.chaos.kit import Worker, own_redis, wait_until  # noqa: F401
from tests.chaos.test_workers import send_to  # noqa: F401
from tests.clock_kit import moving_clock

pytestmark = pytest.mark.django_db(transaction=True)

STALE_AFTER = 5


def beats() -> list[datetime.datetime]:
    return list(WorkerHeartbeat.objects.order_by("beat_at").values_list("beat_at", flat=True))


def test_a_worker_busy_with_a_long_task_is_alive_and_a_killed_one_goes_stale(
    own_redis, send_to, tmp_path, monkeypatch, settings, client
):
    from council.celery import app

    monkeypatch.setenv("WORKER_HEARTBEAT_SECONDS", "1")
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a worker is expected
    settings.WORKER_STALE_AFTER_SECONDS = STALE_AFTER
    queue = f"chaos-{os.getpid()}-busy"
    worker = Worker(broker=own_redis.url, queue=queue, folder=tmp_path / "busy", lease_seconds=2)
    try:
        send_to(queue)
        app.send_task("tests.chaos.busy", args=[STALE_AFTER * 12], queue=queue)
        wait_until(lambda: (worker.marks / "busy").exists(), f"the worker to take the task: {worker.output()}")
        busy_since = timezone.now()

        # Longer than the stale time, the worker's one process on the task: the heartbeat goes on.
        wait_until(
            lambda: any(beat > busy_since + datetime.timedelta(seconds=STALE_AFTER + 1) for beat in beats()),
            f"a heartbeat while the worker is busy: {worker.output()}",
        )
        assert (worker.marks / "busy").exists() and worker.process.poll() is None  # still on the task
        (row,) = WorkerHeartbeat.objects.all()
        assert row.name.startswith("celery@")  # one row per worker, by its hostname
        cache.clear()
        assert health.worker_is_running()
        assert client.get(reverse("healthz"), {"format": "json"}).json()["Celery worker"] == "OK"

        worker.kill()
        clock = moving_clock(monkeypatch)
        clock.move(seconds=STALE_AFTER - 1)
        cache.clear()
        assert health.worker_is_running()  # not stale yet
        clock.move(seconds=2)
        cache.clear()
        assert not health.worker_is_running()
        assert client.get(reverse("healthz"), {"format": "json"}).json()["Celery worker"].startswith("Unavailable")
    finally:
        worker.stop()
