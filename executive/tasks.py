"""Celery tasks of the executive (none yet: notices are published by people, not on a schedule)."""
