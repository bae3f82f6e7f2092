"""Celery tasks of the public record (none yet)."""
