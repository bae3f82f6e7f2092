"""Consultation emails through a real Celery worker on Redis to a real SMTP server.

Not eager: the test starts a worker (the ``celery_worker`` fixture, conftest.py) that takes tasks
from the Redis broker on a queue of this test process's own, and the worker sends through SMTP to
aiosmtpd on this machine (the sink is set up before the worker and closed after it). The
rows are committed (a transactional test) so that the worker's own database connection sees them.
Waiting is bounded polling for the worker to finish, never an assertion about time.
"""

import datetime
import time
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone

from members.consultations.services import reminders
from members.consultations.tasks import send_due_reminders, send_reminder_batch
from members.models import ConsultationState, Reminder, ReminderKind, ReminderStatus, ResponseState
from tests.consultation_reminders_smtp import smtp_sink
from tests.factories import ConsultationFactory, MemberFactory, ResponseFactory

pytestmark = pytest.mark.django_db(transaction=True)

WAIT_SECONDS = 60


@pytest.fixture
def sink(settings):
    with smtp_sink() as sink:
        settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = sink.host, sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield sink


def fire_beat():
    """What Celery beat does each minute: put the periodic task on the queue."""
    send_due_reminders.delay()


def wait_until(done, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while not done():
        if time.monotonic() > deadline:
            pytest.fail(f"The worker had not finished within {WAIT_SECONDS} seconds: {what}")
        time.sleep(0.1)


def settled():
    return not Reminder.objects.filter(
        status__in=[ReminderStatus.PENDING, ReminderStatus.SENDING], due_at__lte=timezone.now()
    ).exists()


def received_kinds(sink) -> Counter:
    """(member, kind, key) of each email received, from the reminder row the email names."""
    ids = [int(r.reminder) for r in sink.received]
    rows = Reminder.objects.in_bulk(ids)
    return Counter((rows[i].member_id, rows[i].kind, rows[i].key) for i in ids)


def test_a_real_worker_sends_each_member_exactly_one_email_of_each_kind(sink, celery_worker):
    members = [MemberFactory() for _ in range(4)]
    consultation = ConsultationFactory()
    reminders.plan_on_open(consultation)
    fire_beat()
    fire_beat()  # the beat fires twice
    wait_until(lambda: sink.count() == 4 and settled(), "invitations")

    # The 7-day reminder falls due; one member responds first; the owner also sends an ad-hoc reminder.
    ResponseFactory(
        consultation=consultation, member=members[0], state=ResponseState.SUBMITTED, submitted_at=timezone.now()
    )
    Reminder.objects.filter(kind=ReminderKind.REMINDER, key="7d").update(due_at=timezone.now())
    reminders.plan_adhoc(consultation, by=consultation.owner)
    fire_beat()
    fire_beat()
    wait_until(lambda: sink.count() == 4 + 3 + 3 and settled(), "reminders")

    consultation.state = ConsultationState.REPORTED
    consultation.summary_published_at = timezone.now()
    consultation.save()
    reminders.plan_thank_you(consultation)
    fire_beat()
    fire_beat()
    wait_until(lambda: sink.count() == 4 + 3 + 3 + 1 and settled(), "thank-you")

    kinds = received_kinds(sink)
    assert set(kinds.values()) == {1}  # nothing twice
    expected = {(m.pk, ReminderKind.INVITATION, "open") for m in members}
    expected |= {(m.pk, ReminderKind.REMINDER, "7d") for m in members[1:]}
    expected |= {(m.pk, ReminderKind.ADHOC, "adhoc-1") for m in members[1:]}
    expected |= {(members[0].pk, ReminderKind.THANK_YOU, "summary")}
    assert set(kinds) == expected
    assert Counter(r.recipient for r in sink.received)[members[0].user.email] == 2  # invitation and thank-you


def test_a_worker_that_died_after_claiming_is_covered_and_a_redelivered_task_sends_nothing(sink, celery_worker):
    members = [MemberFactory() for _ in range(3)]
    consultation = ConsultationFactory()
    reminders.plan_on_open(consultation)
    with transaction.atomic():  # a worker claims the invitations, commits, and dies before sending
        ids, claimed_at = reminders.claim_due()
    # Within the lease nothing claimed is sent again; an invitation planned since goes, showing the run happened.
    late = MemberFactory()
    reminders.plan_on_open(consultation)
    fire_beat()
    wait_until(lambda: Reminder.objects.filter(member=late, status=ReminderStatus.SENT).exists(), "the later one")
    assert [r.recipient for r in sink.received] == [late.user.email]

    Reminder.objects.filter(pk__in=ids).update(claimed_at=timezone.now() - reminders.LEASE - datetime.timedelta(1))
    fire_beat()
    wait_until(lambda: sink.count() == 4 and settled(), "the reclaimed invitations")
    # The dead worker's task arrives after all (Redis redelivers it): it finds the rows sent.
    send_reminder_batch.delay(ids, claimed_at.isoformat())
    marker = MemberFactory()  # an invitation queued behind them: once it is sent, the queue has run
    reminders.plan_on_open(consultation)
    fire_beat()
    wait_until(lambda: sink.count() >= 5 and settled(), "the marker")
    recipients = Counter(r.recipient for r in sink.received)
    assert recipients == {m.user.email: 1 for m in [*members, late, marker]}


def test_two_beats_at_the_same_moment_claim_different_rows():
    """SKIP LOCKED: while one run holds its claim uncommitted, a second run takes only the other rows."""
    import threading

    from django.db import connection

    for _ in range(30):
        MemberFactory()
    consultation = ConsultationFactory()
    reminders.plan_on_open(consultation)
    first_claimed, second_done = threading.Event(), threading.Event()
    claims = {}

    def run(name, limit, before=None, after=None):
        try:
            with transaction.atomic():
                if before:
                    before.wait(WAIT_SECONDS)
                claims[name] = reminders.claim_due(limit=limit)[0]
                if after:
                    after.set()
                if name == "first":
                    # Hold the locks until the other run has claimed: it must not wait for them.
                    claims["not_blocked"] = second_done.wait(WAIT_SECONDS)
        finally:
            connection.close()

    first = threading.Thread(target=run, args=("first", 20), kwargs={"after": first_claimed})
    second = threading.Thread(target=run, args=("second", 200), kwargs={"before": first_claimed, "after": second_done})
    first.start()
    second.start()
    first.join(WAIT_SECONDS)
    second.join(WAIT_SECONDS)
    assert claims["not_blocked"]
    assert len(claims["first"]) == 20 and len(claims["second"]) == 10
    assert not set(claims["first"]) & set(claims["second"])
    assert Reminder.objects.filter(status=ReminderStatus.SENDING, attempts=1).count() == 30
