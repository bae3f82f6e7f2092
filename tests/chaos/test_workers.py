"""Chaos: a worker killed with SIGKILL in the middle of merging a pack.

A real Celery worker runs in a process of its own against this test's database (committed rows: a
transactional test), with a redis-server of the test's own as its broker. Its lease is 2 s, so the
test need not wait two minutes; the rules are the same at 120 s. The test waits (polling) until the
worker is mid-merge, kills it (SIGKILL: nothing in it runs again), runs the beat's sweeper as the
beat would, and starts a second worker. The build must finish once, say it was retried, and the
retry must leave no temporary file.
"""

# ruff: noqa: F811  (fixtures imported from the kit are redefined as test arguments)

import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from council.packs import services
from council.packs.models import BuildStatus, PackBuild, PackVersion
from council.roles import Role
from tests.chaos.kit import APPENDIX, KIND, Worker, chaos_kind, own_redis, wait_until  # noqa: F401
from tests.factories import UserFactory
from tests.packs_engine_kit import media, text_pdf  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

LEASE_SECONDS = 2


@pytest.fixture
def send_to(own_redis):
    """This process sends tasks to the test's own broker (not run eagerly), to the queue named."""
    from conftest import _fresh_celery_connections
    from council.celery import app

    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "result_backend", "task_default_queue")}

    def send(queue: str) -> None:
        app.conf.update(
            broker_url=own_redis.url, task_always_eager=False, result_backend=None, task_default_queue=queue
        )
        _fresh_celery_connections(app)

    yield send
    app.conf.update(saved)
    _fresh_celery_connections(app)


@pytest.fixture
def workers(own_redis, tmp_path):
    started = []

    def start(name: str, **options) -> Worker:
        queue = f"chaos-{os.getpid()}-{name}"
        worker = Worker(
            broker=own_redis.url, queue=queue, folder=tmp_path / name, lease_seconds=LEASE_SECONDS, **options
        )
        worker.queue = queue
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def test_a_worker_killed_mid_merge_is_retried_by_the_sweeper_and_the_pack_is_built_once(
    chaos_kind, media, workers, send_to
):
    default_storage.save(APPENDIX, ContentFile(text_pdf(30, "Appendix A")))
    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    # Both start now (a worker takes seconds to start on a busy machine), each on a queue of its own.
    first = workers("first", slow_merge=True)
    second = workers("second")
    send_to(first.queue)
    with transaction.atomic():
        build = services.request_build(KIND, clerk, "public", by=clerk)  # sent once this commits

    wait_until(lambda: (first.marks / "merging").exists(), "the first worker to be mid-merge")
    build.refresh_from_db()
    assert build.status == BuildStatus.MERGING and build.attempts == 1
    first.kill()
    assert PackVersion.objects.count() == 0

    # The beat's sweeper, every minute: nothing while the lease holds, then the build once, sent to
    # the queue the second worker takes.
    send_to(second.queue)
    swept = wait_until(lambda: services.sweep_expired_leases(), "the lease to run out")
    assert swept == 1
    build.refresh_from_db()
    assert build.status == BuildStatus.QUEUED
    assert build.retried_because == "Retried: the worker building it stopped (attempt 2)"

    wait_until(lambda: PackBuild.objects.get(pk=build.pk).finished, f"the retry: {second.output()}")
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE, build.error
    assert build.attempts == 2 and build.retried_because.startswith("Retried")
    version = PackVersion.objects.get()  # built once: one version, stored once
    assert build.version == version and version.pages == 30
    assert default_storage.listdir("packs/chaos-pack")[0] == [str(clerk.pk)]
    (stored,) = default_storage.listdir(f"packs/chaos-pack/{clerk.pk}/public")[1]
    assert version.file.name.endswith(stored)
    reasons = [row.history_change_reason for row in build.history.order_by("history_date", "history_id")]
    assert reasons.count("Pack built: version 1") == 1
    assert "Queued again: the worker building it stopped (its lease ran out)" in reasons
    assert services.sweep_expired_leases() == 0
    assert second.temporary_files() == []  # the retry left nothing behind
