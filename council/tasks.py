"""Foundation tasks."""

import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection

from .mail import data_to_message


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=8,
    time_limit=120,
    soft_time_limit=100,
)
def deliver_email(data: dict) -> int:
    """Send one queued email through the real delivery backend; retried with backoff on SMTP trouble."""
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    return data_to_message(data, connection=connection).send()
