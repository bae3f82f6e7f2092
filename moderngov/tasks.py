"""The import the Administrator confirmed in the browser, run by Celery: takes the run's id and
calls the service, which starts only a queued run (safe to deliver twice)."""

from celery import shared_task

from council.outbox.base import OutboxTask

from .services import runs


@shared_task(base=OutboxTask, acks_late=True, time_limit=30 * 60, soft_time_limit=29 * 60)
def import_run(run_pk: int) -> None:
    runs.run_execute(run_pk=run_pk)
