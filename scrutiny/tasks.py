"""Scrutiny's periodic work: thin tasks that call services, safe to run twice."""

from celery import shared_task

from . import services


@shared_task(time_limit=300, soft_time_limit=270)
def send_recommendation_reminders() -> int:
    """Remind the executive of responses coming due (LGA 2000 s.9FE); each reminder once only."""
    return services.recommendation_reminders_send()
