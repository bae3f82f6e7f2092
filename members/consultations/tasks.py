"""Celery tasks for consultations: their emails (see ``services.reminders`` for the rules), and opening and
closing them at their times.

``send_due_reminders`` runs every minute from Celery beat (exactly one beat). It claims due rows
in batches, each claim committed on its own with an outbox row (``council.outbox``) for one
``send_reminder_batch``, handed to the broker after that commit (or by the outbox's sweep, if the
broker was down). Nothing is scheduled with an ETA or countdown: a future email is a row with a
``due_at``, found by a later run.

``open_and_close_due`` runs every five minutes from Celery beat. It is idempotent: a consultation
already opened or closed is skipped, and each is locked with SKIP LOCKED, so two beats firing
together (or a retry) never open or close one twice.
"""

from celery import shared_task
from django.db import transaction
from django.utils.dateparse import parse_datetime

from council.outbox.base import OutboxTask
from council.outbox.services import enqueue

from . import services
from .services import reminders

#: Most batches one run claims; the rest wait for the next minute (keeps a run short).
MAX_BATCHES_PER_RUN = 100


@shared_task(time_limit=120, soft_time_limit=100)
def send_due_reminders() -> int:
    """Claim every due row (in batches) and hand each batch to a sender; returns how many claimed."""
    claimed = 0
    for _ in range(MAX_BATCHES_PER_RUN):
        with transaction.atomic():
            ids, claimed_at = reminders.claim_due()
            if ids:
                # The batch is an outbox row in the claim's transaction: a broker that is down delays it.
                enqueue(send_reminder_batch, ids, claimed_at.isoformat())
        claimed += len(ids)
        if len(ids) < reminders.BATCH_SIZE:
            break
    return claimed


@shared_task(base=OutboxTask, time_limit=9 * 60, soft_time_limit=8 * 60)
def send_reminder_batch(ids: list[int], claimed_at: str) -> dict:
    """Send one claimed batch. Safe to run twice: a row already sent, or claimed again since, is left alone."""
    return reminders.send_claimed(ids, parse_datetime(claimed_at))


@shared_task(time_limit=5 * 60, soft_time_limit=4 * 60)
def open_and_close_due() -> dict:
    """Open the consultations whose time has come and close those whose deadline has passed."""
    opened, closed = services.open_and_close_due()
    return {"opened": opened, "closed": closed}
