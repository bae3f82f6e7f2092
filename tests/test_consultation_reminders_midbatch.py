"""A worker killed in the middle of a batch: the emails it had sent stay sent and are not sent again;
the rest are sent by a later run once the lease has passed. Each member gets one invitation."""

import datetime
from collections import Counter

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from members.consultations.services import reminders
from members.consultations.tasks import send_due_reminders
from members.models import Reminder, ReminderStatus
from tests.factories import ConsultationFactory, MemberFactory

pytestmark = pytest.mark.django_db


class KilledAfterTwo(EmailBackend):
    """Delivers two emails, then the worker is killed (SystemExit is not an error it can record)."""

    delivered = 0

    def send_messages(self, messages):
        if KilledAfterTwo.delivered >= 2:
            raise SystemExit("worker killed")
        KilledAfterTwo.delivered += len(messages)
        return super().send_messages(messages)


def test_a_worker_killed_mid_batch_sends_the_rest_later_and_nothing_twice(settings, django_capture_on_commit_callbacks):
    members = [MemberFactory() for _ in range(5)]
    consultation = ConsultationFactory()
    reminders.plan_on_open(consultation)
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.KilledAfterTwo"
    KilledAfterTwo.delivered = 0
    with pytest.raises(SystemExit), django_capture_on_commit_callbacks(execute=True):
        send_due_reminders.delay()
    assert len(mail.outbox) == 2
    statuses = Counter(Reminder.objects.filter(kind="invitation").values_list("status", flat=True))
    assert statuses == {ReminderStatus.SENT: 2, ReminderStatus.SENDING: 3}

    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders.delay()  # within the lease: the killed worker's rows are left alone
    assert len(mail.outbox) == 2
    Reminder.objects.filter(status=ReminderStatus.SENDING).update(
        claimed_at=timezone.now() - reminders.LEASE - datetime.timedelta(seconds=1)
    )
    for _ in range(2):  # the beat fires twice
        with django_capture_on_commit_callbacks(execute=True):
            send_due_reminders.delay()
    assert Counter(address for message in mail.outbox for address in message.to) == {m.user.email: 1 for m in members}
    assert set(Reminder.objects.values_list("status", flat=True).filter(kind="invitation")) == {ReminderStatus.SENT}
