"""A pack built end to end by a real Celery worker on Redis (not eager).

The worker runs in this process (``celery.contrib.testing.worker.start_worker``, solo pool) and
takes tasks from its own Redis database (``PACKS_BROKER_URL``, by default database 10 of the
``REDIS_URL`` server) on a queue of this test process's own. Rows are committed (a transactional
test) so the worker's database connection sees them. Waiting is bounded polling, never a timing
assertion.
"""

# ruff: noqa: F811  (fixtures imported from the kit are redefined as test arguments)

import os
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import transaction

from council.packs import services
from council.packs.models import BuildStatus, PackBuild, PackVersion
from council.roles import Role
from tests.factories import UserFactory
from tests.packs_engine_kit import KIND, kit, media, pack_templates, page, pdf_text, read_version, text_pdf, upload_part  # noqa: F401
from tests.test_packs_engine import agenda

pytestmark = pytest.mark.django_db(transaction=True)

WAIT_SECONDS = 120


def broker_url() -> str:
    if os.environ.get("PACKS_BROKER_URL"):
        return os.environ["PACKS_BROKER_URL"]
    parts = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    return urlunsplit((parts.scheme, parts.netloc, "/10", "", ""))


def _fresh_connections(app):
    """Drop the app's pooled broker connections so the next task goes to the broker now configured."""
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    for cached in ("queues", "default_queue", "router"):
        app.amqp.__dict__.pop(cached, None)
    pools.reset()


@pytest.fixture
def worker():
    import redis
    from celery.contrib.testing.worker import start_worker

    from council.celery import app

    url = broker_url()
    # The process id, not only the xdist worker's name: several test runs (other checkouts, other
    # databases) may share the Redis server, and a worker must never take another run's build.
    queue = f"packs-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
    redis.Redis.from_url(url).delete(queue)
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "result_backend", "task_default_queue")}
    app.conf.update(broker_url=url, task_always_eager=False, result_backend=None, task_default_queue=queue)
    _fresh_connections(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
            yield app
    finally:
        app.conf.update(saved)
        _fresh_connections(app)


def wait_until(done, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while not done():
        if time.monotonic() > deadline:
            pytest.fail(f"The worker had not finished within {WAIT_SECONDS} seconds: {what}")
        time.sleep(0.1)


def test_a_real_worker_builds_a_pack_requested_in_a_transaction(kit, worker):
    from council.packs.spec import PackSpec

    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    kit.set(
        clerk,
        "public",
        PackSpec(
            title="Audit Committee, 11 March 2027: agenda pack",
            author="Northbridge Borough Council",
            filename="audit-2027-03-11.pdf",
            parts=(
                page("front", "Front sheet", bookmark="Front sheet", level=0),
                agenda([("item-1", "1. Internal audit plan")]),
                page("item-1", "Internal audit plan", bookmark="1. Internal audit plan", level=0),
                upload_part("plan", "Audit plan, item 1: Internal audit plan", text_pdf(2, "Audit plan")),
            ),
        ),
    )
    with transaction.atomic():
        build = services.request_build(KIND, clerk, "public", by=clerk)
        assert build.status == BuildStatus.QUEUED  # nothing is sent before the transaction commits
    wait_until(lambda: PackBuild.objects.get(pk=build.pk).finished, "the build")
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE, build.error
    assert build.attempts == 1 and build.started_at and build.finished_at
    version = PackVersion.objects.get()
    assert build.version == version and version.pages == 5
    content = read_version(version)
    assert "page 3" in pdf_text(content, 2)  # the agenda's reference to item 1
    assert "Page 5" in pdf_text(content, 5)  # the uploaded plan's last page, stamped

    # The same request again: the worker finds nothing changed and makes no second version.
    again = services.request_build(KIND, clerk, "public", by=clerk)
    wait_until(lambda: PackBuild.objects.get(pk=again.pk).finished, "the second build")
    again.refresh_from_db()
    assert again.status == BuildStatus.DONE and again.version == version
    assert PackVersion.objects.count() == 1
