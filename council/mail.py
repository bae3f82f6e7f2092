"""Email goes out through Celery, after the transaction that caused it commits.

``CeleryEmailBackend`` is Django's ``EMAIL_BACKEND``: it turns each message into plain data and
queues ``council.tasks.deliver_email``, which sends it through ``EMAIL_DELIVERY_BACKEND`` (SMTP in
production). A request never waits on a mail server, and a rolled-back change sends nothing.
"""

import base64
from functools import partial

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from .tasks import deliver_email


def message_to_data(message) -> dict:
    """The message as JSON-safe data for the queue (``council.tasks.data_to_message`` rebuilds it)."""
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append([filename, base64.b64encode(content).decode("ascii"), mimetype])
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [list(alt) for alt in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


class CeleryEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            transaction.on_commit(partial(deliver_email.delay, message_to_data(message)))
        return len(email_messages)


def delivery_connection():
    """A connection to the real delivery backend (``EMAIL_DELIVERY_BACKEND``), for the senders that
    keep their own outbox rows (a summons, a reminder) and must know, row by row, whether the mail
    server accepted each message or refused its address. Such a sender runs in a Celery task already."""
    return get_connection(settings.EMAIL_DELIVERY_BACKEND)
