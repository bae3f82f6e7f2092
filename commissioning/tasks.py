"""Commissioning tasks, run by Celery beat."""

from celery import shared_task

from .services.boards import sync_all_board_grants


@shared_task(time_limit=15 * 60, soft_time_limit=14 * 60)
def sync_board_grants() -> int:
    """Nightly: programme board seats that started or ended since yesterday gain or lose their
    grants on the review (a seat lasts to the end of its last day)."""
    return sync_all_board_grants()
