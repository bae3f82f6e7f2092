"""Foundation tasks."""

import base64
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from .outbox.base import OutboxTask


@shared_task(
    base=OutboxTask,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=30 * 60,
    max_retries=8,
    time_limit=120,
    soft_time_limit=100,
)
def deliver_email(data: dict) -> int:
    """Send one queued email through the real delivery backend; retried with backoff on SMTP trouble.
    Sent through the outbox (``council.mail``), it runs once per row however often it is delivered."""
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    return data_to_message(data, connection=connection).send()


def data_to_message(data: dict, connection=None) -> EmailMultiAlternatives:
    """The message again, from the data ``council.mail.message_to_data`` queued."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        connection=connection,
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


@shared_task(time_limit=120, soft_time_limit=100)
def dispatch_outbox() -> int:
    """The beat's sweep of the outbox (every minute): hands to the broker every row it has not taken,
    or took but never ran (``council.outbox.services.dispatch_due``). Returns how many it took."""
    from .outbox.services import dispatch_due

    return dispatch_due()
