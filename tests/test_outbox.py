"""The transactional outbox (council/outbox): an email or task is a row written with the change that
caused it, handed to Celery after the commit, swept again with backoff while the broker is down,
and run once per row however often it is delivered. The broker's failure is simulated here by its
own exception (kombu's ``OperationalError``); tests/chaos/ stop a real Redis."""

import datetime
from unittest import mock

import pytest
from celery import shared_task
from django.core import mail
from django.core.mail import send_mail
from django.db import transaction
from kombu.exceptions import OperationalError

from council.outbox import services as outbox
from council.outbox.base import OutboxTask
from council.outbox.models import OutboxMessage, OutboxStatus
from council.tasks import deliver_email
from tests.clock_kit import moving_clock

pytestmark = pytest.mark.django_db

RUNS: list[str] = []


@shared_task(base=OutboxTask)
def note_run(word: str) -> str:
    RUNS.append(word)
    if word == "fail":
        raise ValueError("the task itself failed")
    return word


@pytest.fixture(autouse=True)
def no_runs():
    RUNS.clear()


@pytest.fixture
def clock(monkeypatch):
    """The clock as the outbox reads it (django.utils.timezone.now), moved by the test."""
    return moving_clock(monkeypatch)


@pytest.fixture
def enqueue(django_capture_on_commit_callbacks):
    """``outbox.enqueue`` in a transaction that commits (its after-commit hand-over runs)."""

    def record(task, *args):
        with django_capture_on_commit_callbacks(execute=True):
            return outbox.enqueue(task, *args)

    return record


def broker_down():
    return mock.patch.object(deliver_email, "apply_async", side_effect=OperationalError("Error 111 connecting"))


def test_an_email_is_a_row_in_the_senders_transaction_and_nothing_if_it_rolls_back(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Agenda published", "The agenda is online.", None, ["member@northbridge.example"])
    assert [m.subject for m in mail.outbox] == ["Agenda published"]
    row = OutboxMessage.objects.get()
    assert (row.task, row.status) == ("council.tasks.deliver_email", OutboxStatus.DONE)
    assert row.args[0]["to"] == ["member@northbridge.example"]

    with pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Should not go", "body", None, ["member@northbridge.example"])
        raise RuntimeError("rolled back")
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_broker_that_is_down_never_raises_and_the_sweep_sends_the_email_once_it_is_back(
    clock, django_capture_on_commit_callbacks
):
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        sent = send_mail("Your response", "A copy of your answers.", None, ["member@northbridge.example"])
    assert sent == 1  # the sender was told it is on its way: nothing raised
    assert mail.outbox == []
    row = OutboxMessage.objects.get()
    assert row.status == OutboxStatus.QUEUED and row.dispatches == 1
    assert "OperationalError" in row.error
    assert row.next_attempt_at == clock.now + datetime.timedelta(seconds=30)

    # Still down at the first sweep: the wait doubles.
    clock.move(seconds=30)
    with broker_down():
        assert outbox.dispatch_due() == 0
    row.refresh_from_db()
    assert row.dispatches == 2 and row.next_attempt_at == clock.now + datetime.timedelta(seconds=60)
    assert outbox.dispatch_due() == 0  # not yet due: the broker is not asked again
    assert mail.outbox == []

    # Back: sent once, marked done, and never again.
    clock.move(seconds=60)
    assert outbox.dispatch_due() == 1
    assert [m.subject for m in mail.outbox] == ["Your response"]
    row.refresh_from_db()
    assert row.status == OutboxStatus.DONE and row.done_at == clock.now and row.error == ""
    clock.move(hours=1)
    assert outbox.dispatch_due() == 0
    assert len(mail.outbox) == 1


def test_a_sweep_stops_at_the_first_refusal_while_the_broker_is_still_down(clock, django_capture_on_commit_callbacks):
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            send_mail(f"Email {n}", "body", None, ["member@northbridge.example"])
    clock.move(minutes=1)
    with broker_down() as refused:
        assert outbox.dispatch_due() == 0
    assert refused.call_count == 1  # not once per waiting row: the others wait for the next sweep
    assert sorted(OutboxMessage.objects.values_list("dispatches", flat=True)) == [1, 1, 2]
    assert outbox.dispatch_due() == 2  # back: the two not tried this time; the third after its backoff
    clock.move(minutes=1)
    assert outbox.dispatch_due() == 1
    assert sorted(m.subject for m in mail.outbox) == ["Email 0", "Email 1", "Email 2"]


def test_the_backoff_doubles_to_at_most_half_an_hour():
    waits = [outbox.backoff(n).total_seconds() for n in range(1, 10)]
    assert waits == [30, 60, 120, 240, 480, 960, 1800, 1800, 1800]


def test_a_row_delivered_twice_runs_once(enqueue):
    message = enqueue(note_run, "summons")  # handed over after the commit
    assert RUNS == ["summons"]
    assert outbox.dispatch(message.pk) is False  # done: not handed over again
    # The broker delivering the same message again (a redelivery, or a sweep's copy already queued):
    note_run.apply(["summons"], {outbox.OUTBOX_KWARG: message.pk})
    assert RUNS == ["summons"]
    message.refresh_from_db()
    assert message.status == OutboxStatus.DONE


def test_a_row_running_in_another_worker_is_left_to_it_until_its_lease_has_passed(enqueue, clock, settings):
    settings.OUTBOX_LEASE_SECONDS = 600
    with mock.patch.object(note_run, "apply_async"):  # on the queue, not yet run
        message = enqueue(note_run, "reminders")
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT
    assert outbox.claim(message.pk) is not None  # a worker took it ... and was killed
    note_run.apply(["reminders"], {outbox.OUTBOX_KWARG: message.pk})
    assert RUNS == []  # another copy within the lease does nothing
    clock.move(minutes=9)
    assert outbox.dispatch_due() == 0
    clock.move(minutes=2)
    assert outbox.dispatch_due() == 1  # the lease has passed: sent again and run, once
    assert RUNS == ["reminders"]
    assert OutboxMessage.objects.get().status == OutboxStatus.DONE


def test_a_message_the_broker_lost_is_sent_again_after_the_lease(enqueue, clock, settings):
    settings.OUTBOX_LEASE_SECONDS = 600
    with mock.patch.object(note_run, "apply_async"):  # taken by the broker, then lost (a restart)
        enqueue(note_run, "alert")
    clock.move(minutes=5)
    assert outbox.dispatch_due() == 0
    clock.move(minutes=6)
    assert outbox.dispatch_due() == 1
    assert RUNS == ["alert"]


def test_a_task_that_fails_goes_back_to_the_sweep_and_is_marked_failed_after_the_last_try(enqueue, clock):
    message = enqueue(note_run, "fail")
    message.refresh_from_db()
    assert (message.status, message.failures) == (OutboxStatus.QUEUED, 1)
    assert "the task itself failed" in message.error
    for _ in range(outbox.MAX_FAILURES - 1):
        clock.move(hours=1)
        outbox.dispatch_due()
    message.refresh_from_db()
    assert (message.status, message.failures) == (OutboxStatus.FAILED, outbox.MAX_FAILURES)
    clock.move(hours=1)
    assert outbox.dispatch_due() == 0
    assert len(RUNS) == outbox.MAX_FAILURES


def test_a_task_not_built_for_the_outbox_is_done_once_the_broker_has_it(enqueue):
    with mock.patch("council.packs.tasks.build_pack.apply_async") as sent:
        message = enqueue("council.packs.tasks.build_pack", 7)
    # No row id for a task that would not understand it.
    sent.assert_called_once_with([7], {}, retry_policy=outbox.PUBLISH_RETRY)
    message.refresh_from_db()
    assert message.status == OutboxStatus.DONE


def test_done_rows_are_forgotten_after_thirty_days(enqueue, clock):
    enqueue(note_run, "old")
    clock.move(days=30, seconds=1)
    enqueue(note_run, "new")
    outbox.dispatch_due()
    assert list(OutboxMessage.objects.values_list("args", flat=True)) == [["new"]]


def test_an_error_email_to_the_administrators_never_raises_from_a_broken_transaction(settings):
    """Django's AdminEmailHandler sends with fail_silently while handling an error, perhaps a database
    one: the outbox's row cannot be written then, and that must not raise again."""
    from django.core.mail import mail_admins
    from django.db import DatabaseError, connection

    settings.ADMINS = [("Digital team", "digital@northbridge.example")]
    with transaction.atomic():
        with pytest.raises(DatabaseError), connection.cursor() as cursor:
            cursor.execute("SELECT 1/0")
        mail_admins("Server error", "Traceback ...", fail_silently=True)  # the transaction is broken: no raise
        transaction.set_rollback(True)
    assert not OutboxMessage.objects.exists()


def test_the_lease_outlasts_every_outbox_tasks_time_limit():
    """A task still running within its time limit is never taken for a dead worker's and sent again."""
    from council.celery import app

    app.autodiscover_tasks(force=True)  # every app's tasks, as the worker loads them
    limits = {name: task.time_limit for name, task in app.tasks.items() if isinstance(task, OutboxTask)}
    assert {"council.tasks.deliver_email", "moderngov.tasks.import_run", "scrutiny.tasks.send_summonses"} <= set(limits)
    assert "members.consultations.tasks.send_reminder_batch" in limits
    assert all(limit is not None and limit < outbox.lease().total_seconds() for limit in limits.values()), limits


def test_the_beat_sweeps_the_outbox_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-sweep"]
    assert entry == {"task": "council.tasks.dispatch_outbox", "schedule": 60.0}
