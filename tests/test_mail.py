"""Email goes through Celery after commit: through a real worker and Redis, not in the request."""

import time

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.db import transaction


@pytest.mark.django_db
def test_email_is_queued_after_commit_and_not_sent_if_rolled_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Agenda published", "The agenda is online.", None, ["member@northbridge.example"])
    assert [m.subject for m in mail.outbox] == ["Agenda published"]

    mail.outbox.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Should not go", "body", None, ["member@northbridge.example"])
        raise RuntimeError("rolled back")
    assert [m.subject for m in mail.outbox] == []


def test_a_real_worker_delivers_email_through_redis(settings, celery_worker):
    """The task travels through the Redis broker to a worker thread, which sends it."""
    from council.tasks import deliver_email

    assert settings.CELERY_BROKER_URL.startswith("redis://")
    result = deliver_email.apply_async(
        args=[
            {
                "subject": "Reminder: consultation closes Friday",
                "body": "Please respond.",
                "from_email": "democratic.services@northbridge.example",
                "to": ["member@northbridge.example"],
                "cc": [],
                "bcc": [],
                "reply_to": [],
                "headers": {},
                "alternatives": [["<p>Please respond.</p>", "text/html"]],
                "attachments": [],
            }
        ]
    )
    for _ in range(100):
        if mail.outbox:
            break
        time.sleep(0.1)
    assert result.id
    assert [m.subject for m in mail.outbox] == ["Reminder: consultation closes Friday"]
    assert mail.outbox[0].alternatives[0][1] == "text/html"
