"""The pack build task: takes a build's id, loads it fresh and runs ``services.run_build``.

Safe to run twice (a finished build does nothing); acknowledged late, so a worker killed mid-build
leaves the message to be delivered again and the build "rendering" or "merging" with its
``started_at``, which the redelivered task (or a retry) completes. Storage and database trouble is
retried with backoff; after the last retry the build is marked failed, keeping every stored version.
"""

from celery import shared_task

from . import services

MAX_RETRIES = 5


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    time_limit=15 * 60,
    soft_time_limit=14 * 60,
)
def build_pack(self, build_pk: int) -> None:
    try:
        services.run_build(build_pk)
    except services.TRANSIENT as error:
        if self.request.retries >= self.max_retries:
            services.fail_build(build_pk, services.UNAVAILABLE)
            return
        raise self.retry(exc=error, countdown=min(15 * 2**self.request.retries, 10 * 60)) from error


@shared_task(time_limit=60, soft_time_limit=50)
def requeue_waiting_builds() -> int:
    """The beat's: builds still queued whose message may have been lost (a broker that was down
    when they were requested) are sent again."""
    return services.requeue_waiting()


@shared_task(time_limit=60, soft_time_limit=50)
def sweep_expired_builds() -> int:
    """The beat's, every minute: builds whose worker stopped (their lease ran out) are queued again."""
    return services.sweep_expired_leases()
