"""Email goes out through Celery, after the transaction that caused it commits.

``CeleryEmailBackend`` is Django's ``EMAIL_BACKEND``: it turns each message into plain data and
records ``council.tasks.deliver_email`` for it in the outbox (``council.outbox``), in the sending
change's transaction; after the commit the row is handed to Celery, whose worker sends it through
``EMAIL_DELIVERY_BACKEND`` (SMTP in production). A request never waits on a mail server, a
rolled-back change sends nothing, and a broker that is down delays the email without losing it or
failing the page: the beat's sweep hands it over once the broker is back, and it is sent once.
"""

import base64

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from .outbox.services import enqueue
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
        try:
            with transaction.atomic():
                for message in email_messages:
                    enqueue(deliver_email, message_to_data(message))
        except Exception:
            # fail_silently: Django's error emails to ADMINS, sent while handling an error (perhaps
            # a database one), must not raise again.
            if not self.fail_silently:
                raise
            return 0
        return len(email_messages)


def delivery_connection():
    """A connection to the real delivery backend (``EMAIL_DELIVERY_BACKEND``), for the senders that
    keep their own outbox rows (a summons, a reminder) and must know, row by row, whether the mail
    server accepted each message or refused its address. Such a sender runs in a Celery task already."""
    return get_connection(settings.EMAIL_DELIVERY_BACKEND)
