"""A reminder batch when Redis stops as the beat claims it, and when the worker sending it is killed
(SIGKILL) halfway: each member gets their invitation exactly once, through a real SMTP server
(aiosmtpd), once Redis (or a worker) is back."""

import contextlib
import datetime
import multiprocessing
import os
import signal
from collections import Counter

import pytest
from django.utils import timezone

from council.outbox import services as outbox
from council.outbox.models import OutboxMessage, OutboxStatus
from members.consultations.services import reminders
from members.consultations.tasks import send_due_reminders
from members.models import Reminder, ReminderKind, ReminderStatus
from tests.chaos.conftest import wait_until, worker
from tests.consultation_reminders_smtp import smtp_sink
from tests.factories import ConsultationFactory, MemberFactory

pytestmark = [pytest.mark.chaos, pytest.mark.django_db(transaction=True)]

MEMBERS = 6


@pytest.fixture
def sink(settings):
    with smtp_sink() as sink:
        _deliver_to(settings, sink)
        yield sink


def _deliver_to(settings, sink):
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = sink.host, sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False


def invitations():
    members = [MemberFactory() for _ in range(MEMBERS)]
    reminders.plan_on_open(ConsultationFactory())
    return members


def invitation_rows():
    return Reminder.objects.filter(kind=ReminderKind.INVITATION)


def each_once(sink, members) -> bool:
    return Counter(r.recipient for r in sink.received) == {m.user.email: 1 for m in members}


def all_sent() -> bool:
    return set(invitation_rows().values_list("status", flat=True)) == {ReminderStatus.SENT} and not (
        OutboxMessage.objects.exclude(status=OutboxStatus.DONE).exists()
    )


def test_redis_stopped_as_the_beat_claims_a_batch_delays_it_and_each_member_gets_one_email(sink, broker, celery_on):
    members = invitations()
    broker.stop()
    assert send_due_reminders() == MEMBERS  # the beat's run, in a worker, as Redis falls: no error
    assert set(invitation_rows().values_list("status", flat=True)) == {ReminderStatus.SENDING}
    batch = OutboxMessage.objects.get(task="members.consultations.tasks.send_reminder_batch")
    assert batch.status == OutboxStatus.QUEUED  # recorded with the claim, waiting for the broker
    assert sink.count() == 0

    broker.start()
    later = timezone.now() + datetime.timedelta(minutes=1)
    with worker(celery_on):
        assert outbox.dispatch_due(now=later) == 1  # the outbox's sweep, a minute later
        wait_until(lambda: sink.count() == MEMBERS and all_sent(), "the batch sent")
        # The beat and the sweep run again: nothing more is sent.
        send_due_reminders.delay()
        assert outbox.dispatch_due(now=later + datetime.timedelta(hours=1)) == 0
        wait_until(lambda: all_sent(), "the beat's second run finished")
    assert each_once(sink, members)


def _run_worker(queue: str):
    """The forked worker process: the parent's database sessions are left alone (never closed from
    here, which would end them for the parent too) and it opens its own; the app reconnects to the broker."""
    from django.db import connections

    from conftest import _fresh_celery_connections
    from council.celery import app

    for conn in connections.all(initialized_only=True):
        conn.connection = None
    _fresh_celery_connections(app)
    app.worker_main(
        ["worker", "--pool=solo", "--loglevel=WARNING", "--queues", queue]
        + ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    )


@contextlib.contextmanager
def worker_process(queue: str):
    """A real worker in a process of its own (forked from this one, so it starts in a moment), on
    the test database, broker, queue and SMTP sink, for the test to kill."""
    process = multiprocessing.get_context("fork").Process(target=_run_worker, args=(queue,), daemon=True)
    process.start()
    try:
        yield process
    finally:
        if process.is_alive():
            process.kill()
        process.join(timeout=30)


def test_a_worker_killed_mid_batch_leaves_nothing_lost_and_nothing_sent_twice(settings, broker, celery_on):
    members = invitations()
    with smtp_sink(hold_at=3) as sink:
        _deliver_to(settings, sink)
        with worker_process(celery_on.conf.task_default_queue) as process:
            send_due_reminders()  # claimed here, the batch handed to the broker and taken by the worker
            wait_until(sink.holding.is_set, "the worker sending the third email")
            assert sink.count() == 2
            os.kill(process.pid, signal.SIGKILL)
            process.join(timeout=30)
            assert process.exitcode == -signal.SIGKILL
        sink.released.set()  # the third email's connection died with the worker: it was never accepted

        statuses = Counter(invitation_rows().values_list("status", flat=True))
        assert statuses == {ReminderStatus.SENT: 2, ReminderStatus.SENDING: MEMBERS - 2}
        batch = OutboxMessage.objects.get(task="members.consultations.tasks.send_reminder_batch")
        assert batch.status == OutboxStatus.RUNNING  # claimed by the worker that died

        # Both leases pass (what the clock would do), then the beat and the outbox's sweep run on a
        # worker that is alive.
        past = timezone.now() - max(reminders.LEASE, outbox.lease()) - datetime.timedelta(seconds=1)
        invitation_rows().filter(status=ReminderStatus.SENDING).update(claimed_at=past)
        OutboxMessage.objects.filter(pk=batch.pk).update(claimed_at=past, next_attempt_at=past)
        with worker(celery_on):
            assert outbox.dispatch_due() == 1  # the dead worker's batch, handed over again
            send_due_reminders.delay()  # the beat: reclaims the rows whose lease has passed
            wait_until(lambda: sink.count() == MEMBERS and all_sent(), "the rest of the batch sent")
        assert each_once(sink, members)
