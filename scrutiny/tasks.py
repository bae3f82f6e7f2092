"""Scrutiny's periodic work: thin tasks that call services, safe to run twice."""

from celery import shared_task

from council.outbox.base import OutboxTask

from . import services


@shared_task(time_limit=300, soft_time_limit=270)
def send_recommendation_reminders() -> int:
    """Remind the executive of responses coming due (LGA 2000 s.9FE); each reminder once only."""
    return services.recommendation_reminders_send()


@shared_task(base=OutboxTask, time_limit=300, soft_time_limit=270)
def send_interest_notices() -> dict:
    """Email each member their pending notice of the items touching their interests, each once; a
    notice the mail server refused stays pending for the next run (queued after each publication,
    and every ten minutes by the beat)."""
    return services.interest_notices_send()


@shared_task(base=OutboxTask, time_limit=600, soft_time_limit=570)
def send_summonses() -> dict:
    """Send each queued summons once; one the mail server could not take stays queued for the next
    run, one whose address it refused is marked not delivered (queued after each publication, and
    every five minutes by the beat)."""
    return services.summonses_send()


@shared_task(base=OutboxTask, time_limit=300, soft_time_limit=270)
def extract_document_text(document_id: int) -> int | None:
    """Extract the text of each page of an uploaded PDF for search (queued after the upload commits)."""
    return services.document_text_extract(document_id=document_id)


@shared_task(time_limit=600, soft_time_limit=570)
def extract_missing_document_text() -> int:
    """The beat's catch-up: every document whose text the worker has not extracted yet."""
    missing = services.documents_awaiting_text()
    for document_id in missing:
        services.document_text_extract(document_id=document_id)
    return len(missing)
