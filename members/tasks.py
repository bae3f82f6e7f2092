"""Celery finds an app's tasks in ``<app>.tasks``: the consultation email tasks live beside their rules."""

from .consultations.tasks import send_due_reminders, send_reminder_batch

__all__ = ["send_due_reminders", "send_reminder_batch"]
