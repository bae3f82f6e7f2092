"""Shared fixtures: people in each role, signed-in clients, the demo council, a real Celery worker."""

import asyncio
import os
from pathlib import Path

import pytest
from django.test import Client

from council.roles import Role
from tests import migrations_check
from tests.factories import UserFactory
from tests.factories.council import PASSWORD, authenticator_for

ROOT = Path(__file__).resolve().parent


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "real_two_factor: force_login leaves the session unverified, as a password alone would"
    )


def pytest_sessionstart(session):
    """Every migration starts running on a fresh database beside the tests (tests/test_migrations.py)."""
    if any("test_migrations" in arg or Path(arg).resolve() in (ROOT, ROOT / "tests") for arg in _paths(session)):
        migrations_check.start()


def pytest_sessionfinish(session):
    migrations_check.finish()


def _paths(session) -> list[str]:
    return [arg.split("::")[0] for arg in session.config.args] or [str(ROOT)]


@pytest.fixture(autouse=True)
def no_browser_loop_outside_browser_tests(request):
    """The browser tests' Playwright (its sync API, one browser per test process) keeps its asyncio
    loop marked running in this thread from the first browser test on. Any later test on the same
    process that calls an async view (the health check) through the test client then fails in
    asgiref ("You cannot use AsyncToSync in the same thread as an async event loop"), depending only
    on the order pytest-xdist hands tests out. A test that is not a browser test runs with no loop
    marked running, as a server's worker thread does; the mark is put back after it."""
    loop = asyncio._get_running_loop()
    if loop is None or request.node.get_closest_marker("browser"):
        yield
        return
    asyncio._set_running_loop(None)
    try:
        yield
    finally:
        asyncio._set_running_loop(loop)


@pytest.fixture
def person_with_role(db):
    def make(role: Role | str | None, **fields):
        return UserFactory(roles=[Role(role).value] if role else [], **fields)

    return make


@pytest.fixture
def officer(db):
    """A commissioning officer, named as the demo's (Sarah Whitfield)."""
    return UserFactory(first_name="Sarah", last_name="Whitfield", roles=[Role.COMMISSIONING_OFFICER])


@pytest.fixture
def clerk_of(db):
    """``clerk_of(body, **fields)``: a new Democratic Services officer who clerks ``body``."""
    from council import permissions

    def make(body, **fields):
        clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES], **fields)
        permissions.grant("members.change_body", clerk, body)
        return clerk

    return make


@pytest.fixture
def client_for(client):
    """A test client signed in as ``person``."""

    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def force_login_completes_two_factor(request, monkeypatch):
    """``client.force_login(person)`` stands for a finished sign-in: for a person who must use
    two-factor sign-in (or has an app), that includes the code. So the session is verified with a
    real confirmed device of theirs, as the code page would leave it. Tests of the rule itself sign
    in through the forms, or carry ``@pytest.mark.real_two_factor``."""
    if request.node.get_closest_marker("real_two_factor"):
        return
    from django_otp import DEVICE_ID_SESSION_KEY

    from council.accounts import two_factor

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if two_factor.is_required(user) or user.totpdevice_set.filter(confirmed=True).exists():
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = authenticator_for(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def demo_council(db):
    """The demo council, as ``load_all`` leaves it (packs unbuilt, as DEMO_BUILD_PACKS is off in the
    tests): loaded once per test process and put back into this test's transaction in a fraction of
    the time (tests/demo_snapshot.py). Ask for it before fixtures that add rows. Returns the demo's
    sign-ins."""
    from tests import demo_snapshot

    return demo_snapshot.restore()


@pytest.fixture
def celery_worker(settings):
    """A real Celery worker, in this process (solo pool), taking tasks from the Redis broker
    (``CELERY_BROKER_URL``: the tests' ``REDIS_URL``) on a queue of this test process's own: the
    pytest-xdist worker's name and the process id, as several test runs (other checkouts, other
    databases) may share the Redis server and a worker must never take another run's task. Tasks are
    not eager while it runs; the app is put back afterwards. Rows a task reads must be committed: use
    it in a transactional test."""
    import redis
    from celery.contrib.testing.worker import start_worker

    from council.celery import app

    url = settings.CELERY_BROKER_URL
    assert url.startswith("redis://"), "the worker tests need Redis: set REDIS_URL"
    queue = f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
    broker = redis.Redis.from_url(url)
    broker.delete(queue)  # nothing left from an earlier run of this process id
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "result_backend", "task_default_queue")}
    app.conf.update(broker_url=url, task_always_eager=False, result_backend=None, task_default_queue=queue)
    _fresh_celery_connections(app)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
            yield app
    finally:
        app.conf.update(saved)
        _fresh_celery_connections(app)
        broker.delete(queue)


def _fresh_celery_connections(app):
    """Drop the app's pooled broker connections, so the next task goes to the broker and queue now
    configured."""
    from kombu import pools

    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    for cached in ("queues", "default_queue", "router"):
        app.amqp.__dict__.pop(cached, None)
    pools.reset()  # kombu's own registry of producer pools, shared by every app in the process


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (its process's own: see council/settings/test.py), so
    throttling counters never carry over from another test or an earlier run."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def email_through_celery(settings):
    """Django's test set-up swaps EMAIL_BACKEND for locmem; put the product's path back so tests see
    email go through Celery after commit (delivered to locmem by the eager task)."""
    settings.EMAIL_BACKEND = "council.mail.CeleryEmailBackend"
