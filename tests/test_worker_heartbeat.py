"""The workers' heartbeat: a thread in each worker's main process, started when Celery says the
worker is ready and stopped when it shuts down, records the worker's hostname and the time, however
busy its processes are. Whether a worker runs is the latest heartbeat of any, within
WORKER_STALE_AFTER_SECONDS (a real worker busy on a long task: tests/chaos/test_worker_heartbeat.py).
"""

import datetime
import threading
import time

import pytest
from celery.signals import worker_ready, worker_shutdown
from django.core.cache import cache

from council import health
from council.models import WorkerHeartbeat
from tests.clock_kit import moving_clock

NOW = datetime.datetime(2026, 11, 3, 10, 0, tzinfo=datetime.UTC)


class Consumer:
    """What Celery's ``worker_ready`` is sent by: the worker's consumer, which knows its hostname."""

    hostname = "celery@town-hall-1"


def wait_for(done, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "not done in time"
        time.sleep(0.01)


@pytest.fixture
def beats(monkeypatch, settings):
    """The heartbeats the thread records (not written to the database here), one every 10 ms."""
    settings.WORKER_HEARTBEAT_SECONDS = 0.01
    recorded: list[str] = []
    monkeypatch.setattr(health, "record_worker_heartbeat", recorded.append)
    yield recorded
    health.heartbeat_stop()


def heartbeat_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if isinstance(thread, health.WorkerHeartbeatThread)]


def test_the_heartbeat_starts_when_the_worker_is_ready_and_stops_when_it_shuts_down(beats):
    assert heartbeat_threads() == []
    worker_ready.send(sender=Consumer())
    wait_for(lambda: len(beats) >= 3)
    assert set(beats) == {"celery@town-hall-1"}
    (thread,) = heartbeat_threads()
    worker_shutdown.send(sender=None)
    assert not thread.is_alive()
    count = len(beats)
    time.sleep(0.05)  # five periods: a stopped worker sends nothing more
    assert len(beats) == count


def test_a_beat_the_database_refuses_is_logged_and_the_next_one_is_sent(beats, monkeypatch, caplog):
    failures = [RuntimeError("the database restarted")]

    def record(hostname):
        if failures:
            raise failures.pop()
        beats.append(hostname)

    monkeypatch.setattr(health, "record_worker_heartbeat", record)
    worker_ready.send(sender=Consumer())
    wait_for(lambda: beats)
    assert "The worker's heartbeat could not be recorded" in caplog.text
    assert heartbeat_threads()[0].is_alive()


@pytest.mark.django_db
def test_each_worker_has_its_row_and_the_latest_heartbeat_of_any_says_a_worker_runs(
    monkeypatch, settings, django_assert_num_queries
):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # tasks go to a worker: whether one runs matters
    settings.WORKER_STALE_AFTER_SECONDS = 120
    clock = moving_clock(monkeypatch, NOW)
    cache.clear()
    assert not health.worker_is_running()  # none has ever sent one

    health.record_worker_heartbeat("celery@town-hall-1")
    clock.move(seconds=100)
    health.record_worker_heartbeat("celery@town-hall-2")
    health.record_worker_heartbeat("celery@town-hall-2")  # overwritten in place
    assert dict(WorkerHeartbeat.objects.values_list("name", "beat_at")) == {
        "celery@town-hall-1": NOW,
        "celery@town-hall-2": NOW + datetime.timedelta(seconds=100),
    }
    clock.move(seconds=119)
    cache.clear()
    with django_assert_num_queries(1):  # the latest of every worker's row, in one query
        assert health.worker_is_running()  # the second worker is alive, the first stopped
    clock.move(seconds=2)
    cache.clear()
    assert not health.worker_is_running()
