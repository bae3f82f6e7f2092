"""Celery finds an app's tasks in ``<app>.tasks``: the consultation tasks live beside their rules."""

from celery import shared_task

from .consultations.tasks import open_and_close_due, send_due_reminders, send_reminder_batch
from .services.terms import withdraw_access_due

__all__ = ["open_and_close_due", "send_due_reminders", "send_reminder_batch", "withdraw_access_after_terms"]


@shared_task(time_limit=15 * 60, soft_time_limit=14 * 60)
def withdraw_access_after_terms() -> int:
    """Daily, soon after midnight: councillors whose last day was yesterday (or earlier, if a run
    was missed) lose their councillor roles, grants and portfolios. Safe to run twice."""
    return withdraw_access_due()
