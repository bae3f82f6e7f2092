"""Celery finds an app's tasks in ``<app>.tasks``: the consultation tasks live beside their rules."""

from .consultations.tasks import open_and_close_due, send_due_reminders, send_reminder_batch

__all__ = ["open_and_close_due", "send_due_reminders", "send_reminder_batch"]
