"""Celery tasks of the public record: thin, safe to run twice."""

from celery import shared_task

from .services import search


@shared_task(time_limit=1800, soft_time_limit=1750)
def rebuild_search_index() -> int:
    """Rewrite the whole search index (nightly): whatever a signal missed is found again."""
    return search.index_rebuild()
