"""Celery tasks of the public record: thin, safe to run twice (each alert is a row sent once)."""

from celery import shared_task

from .services import alert_sending, alerts, search


@shared_task(time_limit=300, soft_time_limit=270)
def send_alerts() -> dict:
    """Record the alerts of what was published since the last run, then send those wanted as they
    happen (every minute, by the beat)."""
    recorded = alert_sending.alert_events_record()
    return {**recorded, **alert_sending.alerts_send()}


@shared_task(time_limit=600, soft_time_limit=570)
def send_alert_digests() -> dict:
    """The daily digest: each daily subscription's waiting alerts in one message."""
    alert_sending.alert_events_record()
    return alert_sending.alert_digests_send()


@shared_task(time_limit=120, soft_time_limit=100)
def expire_subscriptions() -> int:
    """Forget subscriptions never confirmed within their link's life."""
    return alerts.subscriptions_expire()


@shared_task(time_limit=1800, soft_time_limit=1750)
def rebuild_search_index() -> int:
    """Rewrite the whole search index (nightly): whatever a signal missed is found again."""
    return search.index_rebuild()
