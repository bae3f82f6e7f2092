"""Opening and closing consultations at their times: one Celery beat entry, every five minutes.

Idempotent: a consultation already opened or closed is skipped, and each is locked with
SKIP LOCKED, so two beats firing together (or a retry) never open or close one twice.
"""

from celery import shared_task

from . import services


@shared_task(time_limit=5 * 60, soft_time_limit=4 * 60)
def open_and_close_due() -> dict:
    opened, closed = services.open_and_close_due()
    return {"opened": opened, "closed": closed}
