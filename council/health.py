"""Health checks (django-health-check): PostgreSQL, the Celery broker, the cache, document storage
and the Celery worker (its heartbeat).

``/healthz`` is public, for load balancers and container health checks: 200 when every part
answers, 503 when one does not. The page names each part and the kind of its status only
("OK", "Unavailable", ...): the details of a failure (which may name a server) go to the log.
"""

import contextlib
import dataclasses
import datetime
import logging
import threading
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connections
from django.db.models import Max
from django.utils import timezone
from health_check import checks
from health_check.base import HealthCheck, HealthCheckResult
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable

PUBLIC_DETAIL = "details are in the service's log"


class Named:
    """A check shown by a plain name, its failure by its kind alone (the library logs the detail)."""

    name = ""

    def __repr__(self):
        return self.name

    @property
    def labels(self) -> dict[str, str]:
        return {"check": self.name}

    async def get_result(self, executor=None) -> HealthCheckResult:
        result = await super().get_result(executor)
        if result.error is not None:
            result.error = type(result.error)(PUBLIC_DETAIL, timestamp=result.error.timestamp)
        return result


class Database(Named, checks.Database):
    @property
    def name(self) -> str:
        """The database by its kind: PostgreSQL, or SQLite on a machine with no servers."""
        from django.db import connections

        return f"Database ({connections[self.alias].display_name})"


class Cache(Named, checks.Cache):
    name = "Cache"


class DocumentStorage(Named, checks.Storage):
    name = "Document storage"


class RedisBroker(Named, Redis):
    name = "Celery broker (Redis)"


@dataclasses.dataclass(repr=False)
class FilesystemBroker(Named, HealthCheck):
    """The embedded broker of a machine with no servers: its queue folder must exist and be writable."""

    name = "Celery broker (files)"

    def run(self):
        options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
        for key in ("data_folder_in", "data_folder_out"):
            folder = Path(options[key])
            probe = folder / ".health-check"
            try:
                folder.mkdir(parents=True, exist_ok=True)
                probe.write_text("ok")
                probe.unlink()
            except OSError as exc:
                raise ServiceUnavailable("queue folder not writable") from exc


@dataclasses.dataclass(repr=False)
class Broker(Named, HealthCheck):
    """Any other broker Celery can use: a connection is opened and closed."""

    name = "Celery broker"

    def run(self):
        from .celery import app

        with app.connection_for_write() as connection:
            try:
                connection.ensure_connection(max_retries=1, timeout=self.timeout.total_seconds())
            except Exception as exc:  # kombu raises the transport's own errors
                raise ServiceUnavailable("no connection") from exc


HEARTBEAT_CACHE_KEY = "council:worker-heartbeat"
HEARTBEAT_CACHE_SECONDS = 10

logger = logging.getLogger(__name__)


def record_worker_heartbeat(hostname: str) -> None:
    """The worker ``hostname`` is alive (its heartbeat thread, ``WorkerHeartbeatThread``): one row
    per worker, overwritten in place, and the time in the cache for the pages that ask."""
    from .models import WorkerHeartbeat

    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(name=hostname[:255], defaults={"beat_at": now})
    with contextlib.suppress(Exception):  # a cache that is down: the pages read the database
        cache.set(HEARTBEAT_CACHE_KEY, now.isoformat(), HEARTBEAT_CACHE_SECONDS)


def last_worker_heartbeat() -> datetime.datetime | None:
    """When any worker last sent its heartbeat: one cache get, or one query when the cache has it
    not (then kept for a few seconds, so a busy page never asks the database each time)."""
    from .models import WorkerHeartbeat

    try:
        cached = cache.get(HEARTBEAT_CACHE_KEY)
    except Exception:  # a cache that is down: the database answers
        cached = None
    if cached is not None:
        return datetime.datetime.fromisoformat(cached) if cached else None
    beat_at = WorkerHeartbeat.objects.aggregate(latest=Max("beat_at"))["latest"]
    with contextlib.suppress(Exception):  # a cache that is down: asked again next time
        cache.set(HEARTBEAT_CACHE_KEY, beat_at.isoformat() if beat_at else "", HEARTBEAT_CACHE_SECONDS)
    return beat_at


class WorkerHeartbeatThread(threading.Thread):
    """A thread in a Celery worker's main process that records the worker's heartbeat every
    ``interval`` seconds, whatever the worker's processes are doing: it answers "is a worker
    process alive?", not "is the queue empty?" (a task waiting behind a long pack build used to
    say the worker had stopped). It dies with the process, so a killed worker goes stale; a
    database that fails one beat is logged and tried again at the next."""

    def __init__(self, hostname: str, interval: float):
        super().__init__(name="council-worker-heartbeat", daemon=True)
        self.hostname = hostname
        self.interval = interval
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while True:
                self.beat()
                if self.stopping.wait(self.interval):
                    return
        finally:
            connections.close_all()  # this thread's own connection

    def beat(self) -> None:
        close_old_connections()  # a restarted database: a fresh connection, not a broken one
        try:
            record_worker_heartbeat(self.hostname)
        except Exception:
            logger.exception("The worker's heartbeat could not be recorded; trying again in %ss", self.interval)

    def stop(self, timeout: float = 5) -> None:
        self.stopping.set()
        self.join(timeout)


_heartbeat: WorkerHeartbeatThread | None = None


def heartbeat_start(hostname: str) -> WorkerHeartbeatThread:
    """Start the worker's heartbeat (Celery's ``worker_ready``, in the worker's main process)."""
    global _heartbeat
    heartbeat_stop()
    _heartbeat = WorkerHeartbeatThread(hostname, settings.WORKER_HEARTBEAT_SECONDS)
    _heartbeat.start()
    return _heartbeat


def heartbeat_stop() -> None:
    """Stop it (Celery's ``worker_shutdown``): a stopped worker goes stale."""
    global _heartbeat
    if _heartbeat is not None:
        _heartbeat.stop()
        _heartbeat = None


def worker_is_running() -> bool:
    """Whether a worker sent its heartbeat within WORKER_STALE_AFTER_SECONDS. With eager tasks
    (the tests) work runs in the process that asks for it: there is no worker to wait for."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True
    beat_at = last_worker_heartbeat()
    stale_after = datetime.timedelta(seconds=settings.WORKER_STALE_AFTER_SECONDS)
    return beat_at is not None and beat_at >= timezone.now() - stale_after


@dataclasses.dataclass(repr=False)
class Worker(Named, HealthCheck):
    """The Celery worker: each sends its heartbeat every WORKER_HEARTBEAT_SECONDS, busy or idle."""

    name = "Celery worker"

    def run(self):
        if not worker_is_running():
            raise ServiceUnavailable("no heartbeat")


def configured_checks() -> list[HealthCheck]:
    broker = settings.CELERY_BROKER_URL
    if broker.startswith(("redis://", "rediss://")):
        from redis.asyncio import Redis as RedisClient

        broker_check = RedisBroker(client_factory=lambda: RedisClient.from_url(broker))
    elif broker.startswith("filesystem://"):
        broker_check = FilesystemBroker()
    else:
        broker_check = Broker()
    return [Database(), broker_check, Cache(), DocumentStorage(), Worker()]
