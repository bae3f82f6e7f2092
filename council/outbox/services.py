"""Writing, handing over and claiming outbox rows.

The life of a row: ``enqueue`` records it in the caller's transaction (``queued``) and, after the
commit, ``dispatch`` hands it to the broker (``sent``; a task that is not an ``OutboxTask`` is
``done`` here, its own rows making it safe to run twice). The worker's ``claim`` makes it ``running``
and ``finish`` ``done``; a failure puts it back to ``queued`` with a backoff (``release``). The beat's
``dispatch_due`` hands over again every row the broker never took, every row it took but no worker
started within the lease (a broker that lost its queue), and every row whose worker died.

Nothing here raises into the request that recorded the row: a broker that is down is logged and the
row waits for the sweep.
"""

import datetime
import logging

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import OutboxMessage, OutboxStatus

logger = logging.getLogger(__name__)

#: The keyword the dispatcher adds for an ``OutboxTask``: the row's id (the task never sees it).
OUTBOX_KWARG = "_outbox_message"
#: A row just recorded is handed over after its commit; the sweep leaves it alone this long first.
GRACE = datetime.timedelta(seconds=30)
RETRY_BASE_SECONDS = 30
RETRY_MAX_SECONDS = 30 * 60
#: A task that fails this often is marked failed and left for a person to look at.
MAX_FAILURES = 10
#: Done rows are deleted after this long (they hold the emails' text and addresses).
KEEP_DONE = datetime.timedelta(days=30)
#: Most rows one sweep hands over (the rest wait for the next minute).
SWEEP_LIMIT = 500


def lease() -> datetime.timedelta:
    """How long a claimed (or sent but unstarted) row is left to its worker before it is sent again:
    longer than any outbox task's time limit."""
    return datetime.timedelta(seconds=getattr(settings, "OUTBOX_LEASE_SECONDS", 35 * 60))


def backoff(attempt: int) -> datetime.timedelta:
    """30 s, 1 min, 2 min ... at most 30 min, after the ``attempt``-th try."""
    return datetime.timedelta(seconds=min(RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0), RETRY_MAX_SECONDS))


def task_name(task) -> str:
    return task if isinstance(task, str) else task.name


def enqueue(task, *args, **kwargs) -> OutboxMessage:
    """Record ``task(*args, **kwargs)`` in the caller's transaction, and hand it to the broker after
    the commit (nothing if the transaction rolls back). Arguments must be JSON data."""
    now = timezone.now()
    message = OutboxMessage.objects.create(
        task=task_name(task), args=list(args), kwargs=kwargs, created_at=now, next_attempt_at=now + GRACE
    )
    # Robust: whatever happens while handing over never reaches the request (dispatch logs it too).
    transaction.on_commit(lambda: dispatch(message.pk), robust=True)
    return message


def _is_outbox_task(task) -> bool:
    from .base import OutboxTask

    return isinstance(task, OutboxTask)


SENT, SKIPPED, REFUSED = "sent", "skipped", "refused"
PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0, "interval_max": 0}


def dispatch(message_id: int) -> bool:
    """Hand one row to the broker. True if the broker took it; never raises."""
    return _attempt(message_id) == SENT


def _attempt(message_id: int) -> str:
    try:
        return _dispatch(message_id)
    except Exception:
        logger.exception("Outbox message %s could not be handed to the broker; the sweep will retry", message_id)
        return REFUSED


def _dispatch(message_id: int) -> str:
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None or message.status in (OutboxStatus.DONE, OutboxStatus.FAILED):
        return SKIPPED
    now = timezone.now()
    # The next try, should this one fail: set first, so a sweep running beside us leaves the row be.
    OutboxMessage.objects.filter(pk=message_id).update(
        dispatches=F("dispatches") + 1, next_attempt_at=now + backoff(message.dispatches + 1)
    )
    task = current_app.tasks[message.task]
    aware = _is_outbox_task(task)
    kwargs = dict(message.kwargs)
    if aware:
        kwargs[OUTBOX_KWARG] = message.pk
    try:
        # A broker that is down must cost the request no waiting (the row is safe; the sweep tries
        # again after the backoff): one immediate reconnection (a pooled connection a restarted
        # Redis dropped), no pauses. Celery's default policy waits about 0.6 s; ``retry=False``
        # makes kombu wait about 6 s for its connection (both measured with Redis refusing).
        task.apply_async(message.args, kwargs, retry_policy=PUBLISH_RETRY)
    except Exception as error:
        logger.warning("Outbox message %s (%s) not handed to the broker: %r", message_id, message.task, error)
        OutboxMessage.objects.filter(pk=message_id).update(error=f"Not handed to the broker: {error!r}"[:2000])
        return REFUSED
    # Only from queued or sent: the worker (or an eager run) may already have claimed or finished it.
    handed = OutboxMessage.objects.filter(pk=message_id, status__in=[OutboxStatus.QUEUED, OutboxStatus.SENT])
    if aware:
        handed.update(status=OutboxStatus.SENT, sent_at=now)
    else:
        handed.update(status=OutboxStatus.DONE, sent_at=now, done_at=now, error="")
    return SENT


def due(now: datetime.datetime | None = None):
    """The rows the sweep hands over now."""
    now = now or timezone.now()
    stale = now - lease()
    return OutboxMessage.objects.filter(next_attempt_at__lte=now).filter(
        Q(status=OutboxStatus.QUEUED)
        | Q(status=OutboxStatus.SENT, sent_at__lt=stale)
        | Q(status=OutboxStatus.RUNNING, claimed_at__lt=stale)
    )


def dispatch_due(now: datetime.datetime | None = None) -> int:
    """The beat's sweep: hand over every due row (oldest first); returns how many the broker took.
    It stops at the first the broker refuses (it is still down: the rest wait for the next sweep).
    Also forgets done rows older than ``KEEP_DONE``."""
    now = now or timezone.now()
    sent = 0
    for message_id in list(due(now).order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:SWEEP_LIMIT]):
        outcome = _attempt(message_id)
        if outcome == REFUSED:
            break
        sent += outcome == SENT
    OutboxMessage.objects.filter(status=OutboxStatus.DONE, done_at__lt=now - KEEP_DONE).delete()
    return sent


# --- The worker's side (``base.OutboxTask``) ------------------------------------------------------


def claim(message_id: int) -> datetime.datetime | None:
    """Take the row to run its task: returns the claim's time, or None if it is done, failed, or
    running in another worker within its lease (then the task must do nothing)."""
    now = timezone.now()
    claimed = (
        OutboxMessage.objects.filter(pk=message_id)
        .filter(
            Q(status__in=[OutboxStatus.QUEUED, OutboxStatus.SENT])
            | Q(status=OutboxStatus.RUNNING, claimed_at__lt=now - lease())
        )
        .update(status=OutboxStatus.RUNNING, claimed_at=now)
    )
    return now if claimed else None


def finish(message_id: int, claimed_at: datetime.datetime) -> None:
    OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.RUNNING, claimed_at=claimed_at).update(
        status=OutboxStatus.DONE, done_at=timezone.now(), error=""
    )


def release(message_id: int, claimed_at: datetime.datetime, error: BaseException) -> None:
    """The task failed: back to the sweep after a backoff, or failed for good after ``MAX_FAILURES``."""
    now = timezone.now()
    message = OutboxMessage.objects.filter(pk=message_id, status=OutboxStatus.RUNNING, claimed_at=claimed_at).first()
    if message is None:
        return
    failures = message.failures + 1
    OutboxMessage.objects.filter(pk=message_id, claimed_at=claimed_at).update(
        status=OutboxStatus.FAILED if failures >= MAX_FAILURES else OutboxStatus.QUEUED,
        failures=failures,
        next_attempt_at=now + backoff(failures),
        error=repr(error)[:2000],
    )
