"""Consultation emails: planned as rows, claimed by the beat, sent once; the owner's reminders pages.

Emails here go to Django's locmem outbox through ``EMAIL_DELIVERY_BACKEND`` (the worker's real
path, run eagerly), except the SMTP test, which sends to a real SMTP server (aiosmtpd) on this
machine. The real Celery worker on Redis is in test_consultation_reminders_worker.py.
"""

import datetime
import smtplib
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council.errors import RuleError
from council.roles import Role
from members.consultations.services import reminders
from members.consultations.tasks import send_due_reminders, send_reminder_batch
from members.models import (
    MAX_ATTEMPTS,
    AudienceKind,
    ConsultationState,
    Reminder,
    ReminderKind,
    ReminderTime,
    ResponseState,
)
from tests.factories import ConsultationFactory, MemberFactory, ResponseFactory, UserFactory, WardFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
UTC = datetime.UTC


def london(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


@pytest.fixture
def beat(django_capture_on_commit_callbacks):
    """Fire the periodic task as Celery beat would; the batches it enqueues after commit run (eagerly)."""

    def fire():
        with django_capture_on_commit_callbacks(execute=True):
            return send_due_reminders.delay().get()

    return fire


@pytest.fixture
def members():
    return [MemberFactory() for _ in range(3)]


@pytest.fixture
def consultation(members):
    # Closing at 17:00 in a fortnight, so that every default reminder (08:00 on the clock, the last on
    # the closing day) falls before closing whatever the time of day the test runs.
    closes = timezone.localtime(timezone.now(), LONDON).replace(hour=17, minute=0, second=0, microsecond=0)
    return ConsultationFactory(
        title="How members take part in commissioning", closes_at=closes + datetime.timedelta(days=14)
    )


def sent_to(kind_subject=None):
    return Counter(address for message in mail.outbox for address in message.to)


def make_due(consultation, kind=ReminderKind.REMINDER):
    Reminder.objects.filter(consultation=consultation, kind=kind).update(
        due_at=timezone.now() - datetime.timedelta(minutes=1)
    )


def submit(consultation, member):
    return ResponseFactory(
        consultation=consultation, member=member, state=ResponseState.SUBMITTED, submitted_at=timezone.now()
    )


# --- When reminders are due ---------------------------------------------------------------------


def test_default_reminder_times_are_7_days_2_days_and_8am_on_the_last_day_london_time():
    closes = london(2026, 10, 27, 9, 0)  # Tuesday after the clocks go back (Sunday 25 October, 01:00 UTC)
    due = {
        reminders.reminder_key(days): reminders.reminder_due_at(closes, days, t)
        for days, t in reminders.reminder_times(ConsultationFactory(opens_at=london(2026, 10, 1, 9), closes_at=closes))
    }
    assert due["7d"] == datetime.datetime(2026, 10, 20, 7, 0, tzinfo=UTC)  # 08:00 BST
    assert due["2d"] == datetime.datetime(2026, 10, 25, 8, 0, tzinfo=UTC)  # 08:00 GMT, the Sunday of the change
    assert due["last-day"] == datetime.datetime(2026, 10, 27, 8, 0, tzinfo=UTC)


def test_reminders_across_the_spring_clock_change_stay_at_8am_on_the_clock(members):
    consultation = ConsultationFactory(
        opens_at=london(2027, 3, 1, 9), closes_at=london(2027, 3, 30, 17), state=ConsultationState.OPEN
    )
    reminders.plan_on_open(consultation)
    due = dict(
        Reminder.objects.filter(consultation=consultation, kind=ReminderKind.REMINDER).values_list("key", "due_at")
    )
    assert due == {
        "7d": datetime.datetime(2027, 3, 23, 8, 0, tzinfo=UTC),  # GMT
        "2d": datetime.datetime(2027, 3, 28, 7, 0, tzinfo=UTC),  # BST from 01:00 UTC that Sunday
        "last-day": datetime.datetime(2027, 3, 30, 7, 0, tzinfo=UTC),
    }


def test_reminder_times_already_past_or_after_closing_are_not_planned(members):
    # Opened today, closing tomorrow at 07:00: 7 and 2 days before are past, 08:00 is after closing.
    closes = timezone.localtime(timezone.now(), LONDON).replace(hour=7, minute=0) + datetime.timedelta(days=1)
    consultation = ConsultationFactory(closes_at=closes)
    reminders.plan_on_open(consultation)
    assert not Reminder.objects.filter(consultation=consultation, kind=ReminderKind.REMINDER).exists()
    assert Reminder.objects.filter(consultation=consultation, kind=ReminderKind.INVITATION).count() == 3


# --- Planning -------------------------------------------------------------------------------------


def test_opening_plans_an_invitation_for_each_member_of_the_audience_and_reminders(consultation, members):
    reminders.plan_on_open(consultation)
    reminders.plan_on_open(consultation)  # planning twice adds nothing
    rows = Reminder.objects.filter(consultation=consultation)
    assert Counter(rows.values_list("kind", flat=True)) == {ReminderKind.INVITATION: 3, ReminderKind.REMINDER: 9}
    assert set(rows.filter(kind=ReminderKind.INVITATION).values_list("member", flat=True)) == {m.pk for m in members}
    assert rows.first().history.first().history_change_reason


def test_only_the_audience_is_invited(members):
    ward = WardFactory()
    in_ward = MemberFactory(ward=ward)
    consultation = ConsultationFactory(audience=AudienceKind.WARDS)
    consultation.audience_wards.add(ward)
    reminders.plan_on_open(consultation)
    assert list(Reminder.objects.filter(kind=ReminderKind.INVITATION).values_list("member", flat=True)) == [in_ward.pk]


def test_the_database_refuses_a_second_row_for_the_same_member_kind_and_key(consultation, members):
    from django.db import IntegrityError, transaction

    reminders.plan_on_open(consultation)
    row = Reminder.objects.filter(kind=ReminderKind.INVITATION).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(
            consultation=consultation, member=row.member, kind=row.kind, key=row.key, due_at=timezone.now()
        )


def test_the_owner_sets_reminder_times_while_the_consultation_is_a_draft(members):
    consultation = ConsultationFactory(
        state=ConsultationState.DRAFT, opens_at=london(2027, 3, 1, 9), closes_at=london(2027, 3, 30, 17)
    )
    reminders.set_reminder_times(consultation, [3, 1], datetime.time(9, 30), by=consultation.owner)
    consultation.state = ConsultationState.OPEN
    consultation.save()
    reminders.plan_on_open(consultation)
    due = dict(Reminder.objects.filter(kind=ReminderKind.REMINDER).values_list("key", "due_at"))
    assert due == {
        "3d": datetime.datetime(2027, 3, 27, 9, 30, tzinfo=UTC),
        "1d": datetime.datetime(2027, 3, 29, 8, 30, tzinfo=UTC),
    }
    with pytest.raises(RuleError, match="before the consultation opens"):
        reminders.set_reminder_times(consultation, [5], datetime.time(8), by=consultation.owner)


# --- Sending: once, and only to those who have not responded ----------------------------------


def test_firing_the_beat_twice_sends_each_member_one_invitation(beat, consultation, members):
    reminders.plan_on_open(consultation)
    beat()
    beat()
    assert sent_to() == {m.user.email: 1 for m in members}
    assert set(Reminder.objects.filter(kind=ReminderKind.INVITATION).values_list("status", flat=True)) == {"sent"}


def test_reminders_wait_until_due_then_go_once_to_each_non_responder(beat, consultation, members):
    reminders.plan_on_open(consultation)
    beat()
    mail.outbox.clear()
    beat()
    assert mail.outbox == []  # reminders are not due yet
    Reminder.objects.filter(kind=ReminderKind.REMINDER, key="7d").update(due_at=timezone.now())
    beat()
    beat()
    assert sent_to() == {m.user.email: 1 for m in members}
    assert all(message.subject.startswith("Reminder:") for message in mail.outbox)


def test_a_member_who_responds_after_the_reminder_was_planned_is_not_reminded(beat, consultation, members):
    reminders.plan_on_open(consultation)
    submit(consultation, members[0])
    ResponseFactory(consultation=consultation, member=members[1])  # a draft is not a response
    make_due(consultation)
    beat()
    reminded = Counter(a for m in mail.outbox if m.subject.startswith("Reminder") for a in m.to)
    assert reminded == {members[1].user.email: 3, members[2].user.email: 3}
    skipped = Reminder.objects.filter(member=members[0], kind=ReminderKind.REMINDER)
    assert {(r.status, r.last_error) for r in skipped} == {("skipped", "The member has responded")}


def test_nothing_is_sent_about_a_consultation_that_closed(beat, consultation, members):
    reminders.plan_on_open(consultation)
    consultation.state = ConsultationState.CLOSED
    consultation.save()
    beat()
    assert mail.outbox == []
    invitations = Reminder.objects.filter(kind=ReminderKind.INVITATION)
    assert {(r.status, r.last_error) for r in invitations} == {
        ("skipped", "The consultation closed before it was sent")
    }


def test_closing_early_cancels_pending_reminders_with_the_reason(consultation, members):
    reminders.plan_on_open(consultation)
    reminders.cancel_pending(consultation, by=consultation.owner)
    rows = Reminder.objects.filter(consultation=consultation)
    assert {(r.status, r.last_error) for r in rows} == {("skipped", "The consultation closed before it was due")}


def test_a_worker_that_dies_after_claiming_is_covered_by_the_next_run_after_the_lease(beat, consultation, members):
    from django.db import transaction

    reminders.plan_on_open(consultation)
    with transaction.atomic():  # the claim commits; the worker then dies before sending anything
        ids, claimed_at = reminders.claim_due()
    assert len(ids) == 3
    beat()
    assert mail.outbox == []  # still within the lease: the rows are someone's to send
    Reminder.objects.filter(pk__in=ids).update(claimed_at=timezone.now() - reminders.LEASE - datetime.timedelta(1))
    beat()
    assert sent_to() == {m.user.email: 1 for m in members}
    # The dead worker's task, redelivered after all, finds the rows claimed again and sends nothing.
    assert send_reminder_batch.delay(ids, claimed_at.isoformat()).get()["not_ours"] == 3
    # A retried task of the run that sent them sends nothing either.
    row = Reminder.objects.get(pk=ids[0])
    assert send_reminder_batch.delay(ids, row.claimed_at.isoformat()).get()["not_ours"] == 3
    beat()
    assert len(mail.outbox) == 3
    assert set(Reminder.objects.filter(pk__in=ids).values_list("attempts", flat=True)) == {2}


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses every recipient."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({m.to[0]: (550, b"Mailbox unavailable") for m in messages})


def test_a_failed_send_is_retried_with_backoff_then_shown_as_not_sent(beat, settings, consultation, members):
    settings.EMAIL_DELIVERY_BACKEND = "tests.test_consultation_reminders.RefusingBackend"
    reminders.plan_on_open(consultation)
    beat()
    row = Reminder.objects.filter(kind=ReminderKind.INVITATION).first()
    assert (row.status, row.attempts) == ("failed", 1)
    assert "refused the address" in row.last_error and "550 Mailbox unavailable" in row.last_error
    assert row.due_at > timezone.now() + datetime.timedelta(minutes=1)  # backoff: not tried again at once
    beat()
    assert Reminder.objects.get(pk=row.pk).attempts == 1
    for _ in range(MAX_ATTEMPTS):
        make_due(consultation, ReminderKind.INVITATION)
        beat()
    row.refresh_from_db()
    assert (row.status, row.attempts, row.gave_up) == ("failed", MAX_ATTEMPTS, True)
    # The owner tries again once the address is fixed: sent, once.
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    reminders.retry(row, by=consultation.owner)
    beat()
    beat()
    assert sent_to() == {row.member.user.email: 1}


# --- Thank-yous and ad-hoc reminders ----------------------------------------------------------------


def test_respondents_are_thanked_once_for_the_summary_and_again_for_the_outcome(beat, consultation, members):
    submit(consultation, members[0])
    consultation.state = ConsultationState.REPORTED
    consultation.summary_published_at = timezone.now()
    consultation.save()
    reminders.plan_thank_you(consultation)
    reminders.plan_thank_you(consultation)
    beat()
    assert sent_to() == {members[0].user.email: 1}
    consultation.outcome = "We have set up a member reference group."
    consultation.outcome_published_at = timezone.now()
    consultation.save()
    reminders.plan_thank_you(consultation)
    reminders.plan_thank_you(consultation)
    beat()
    assert sent_to() == {members[0].user.email: 2}
    assert "member reference group" in mail.outbox[-1].body


def test_an_adhoc_reminder_goes_once_to_each_member_who_has_not_responded(beat, consultation, members):
    submit(consultation, members[0])
    assert reminders.plan_adhoc(consultation, by=consultation.owner) == 2
    with pytest.raises(RuleError, match="already on its way"):
        reminders.plan_adhoc(consultation, by=consultation.owner)
    beat()
    beat()
    assert sent_to() == {members[1].user.email: 1, members[2].user.email: 1}
    assert reminders.plan_adhoc(consultation, by=consultation.owner) == 2  # a second batch later is allowed
    assert set(Reminder.objects.filter(kind=ReminderKind.ADHOC).values_list("key", flat=True)) == {
        "adhoc-1",
        "adhoc-2",
    }


# --- The email ----------------------------------------------------------------------------------------


def test_the_email_names_the_consultation_and_london_deadline_and_links_without_a_token(beat, settings, members):
    settings.SITE_URL = "https://council.northbridge.example"
    consultation = ConsultationFactory(
        title="Member roles in commissioning", opens_at=london(2026, 10, 1, 9), closes_at=london(2027, 3, 30, 17)
    )
    reminders.plan_on_open(consultation)
    beat()
    message = mail.outbox[0]
    link = "https://council.northbridge.example" + reverse("members:consultation-respond", args=[consultation.pk])
    html = message.alternatives[0][0]
    for text in (message.body, html):
        assert "Member roles in commissioning" in text
        assert "5pm on Tuesday 30 March 2027" in text  # BST: 16:00 UTC
        assert link in text
    assert f'href="{link}"' in html
    assert message.alternatives[0][1] == "text/html"
    assert "token" not in message.body and "?" not in link


# --- A real SMTP server --------------------------------------------------------------------------------


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server (aiosmtpd) on this machine, as the delivery backend's server."""
    from tests.consultation_reminders_smtp import smtp_sink

    with smtp_sink() as sink:
        settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = sink.host, sink.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield sink


def test_through_a_real_smtp_server_each_member_gets_one_email_of_each_kind(beat, smtp_sink, consultation, members):
    from django.db import transaction

    reminders.plan_on_open(consultation)
    beat()
    beat()
    make_due(consultation)
    with transaction.atomic():  # a worker claims the reminders, then dies
        reminders.claim_due()
    Reminder.objects.filter(status="sending").update(claimed_at=timezone.now() - datetime.timedelta(hours=1))
    beat()
    beat()
    kinds = Counter((r.recipient, r.subject.split(":")[0]) for r in smtp_sink.received)
    expected = {}
    for m in members:
        expected[(m.user.email, "Consultation")] = 1
        expected[(m.user.email, "Reminder")] = 3  # 7 days, 2 days and the last day: one each
    assert kinds == expected
    keys = Counter(Reminder.objects.filter(status="sent").values_list("member", "kind", "key"))
    assert set(keys.values()) == {1} and len(keys) == 12
    assert len({r.reminder for r in smtp_sink.received}) == len(smtp_sink.received) == 12


# --- Pages -----------------------------------------------------------------------------------------------


@pytest.fixture
def owner(consultation):
    return consultation.owner


def test_the_owner_sees_every_reminder_with_its_status_and_reason(beat, settings, client_for, owner, consultation):
    reminders.plan_on_open(consultation)
    settings.EMAIL_DELIVERY_BACKEND = "tests.test_consultation_reminders.RefusingBackend"
    Reminder.objects.filter(kind=ReminderKind.INVITATION).update(attempts=MAX_ATTEMPTS - 1)
    beat()
    page = client_for(owner).get(reverse("members:consultation-reminders", args=[consultation.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Not sent" in text and "550 Mailbox unavailable" in text
    assert text.count('name="reminder-retry"') == 3
    assert "7 days before closing" in text


def test_the_owner_retries_an_email_that_was_not_sent(beat, settings, client_for, owner, consultation, members):
    reminders.plan_on_open(consultation)
    settings.EMAIL_DELIVERY_BACKEND = "tests.test_consultation_reminders.RefusingBackend"
    Reminder.objects.filter(kind=ReminderKind.INVITATION).update(attempts=MAX_ATTEMPTS - 1)
    beat()
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    row = Reminder.objects.filter(kind=ReminderKind.INVITATION, member=members[0]).get()
    response = client_for(owner).post(reverse("members:reminder-retry", args=[consultation.pk, row.pk]))
    assert response.status_code == 302
    beat()
    assert sent_to() == {members[0].user.email: 1}


def test_the_owner_sends_an_adhoc_reminder_to_non_responders(client_for, owner, consultation, members):
    submit(consultation, members[0])
    response = client_for(owner).post(reverse("members:consultation-remind", args=[consultation.pk]), follow=True)
    assert "queued for 2 members who have not responded" in response.content.decode()
    assert Reminder.objects.filter(kind=ReminderKind.ADHOC).count() == 2
    again = client_for(owner).post(reverse("members:consultation-remind", args=[consultation.pk]), follow=True)
    assert "already on its way" in again.content.decode()
    assert Reminder.objects.filter(kind=ReminderKind.ADHOC).count() == 2


def test_only_managers_send_reminders_or_see_them(client_for, consultation, person_with_role):
    other_officer = person_with_role(Role.OFFICER)
    councillor = MemberFactory().user
    remind = reverse("members:consultation-remind", args=[consultation.pk])
    page = reverse("members:consultation-reminders", args=[consultation.pk])
    assert client_for(other_officer).post(remind).status_code == 404
    assert client_for(other_officer).get(page).status_code == 404
    assert client_for(councillor).post(remind).status_code == 403
    assert client_for(councillor).get(page).status_code == 403
    admin = person_with_role(Role.ADMINISTRATOR)
    assert client_for(admin).get(page).status_code == 200
    assert not Reminder.objects.exists()


def test_the_public_is_asked_to_sign_in(client, consultation):
    response = client.get(reverse("members:consultation-reminders", args=[consultation.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_reminders_page_makes_as_many_queries_for_many_rows_as_for_few(
    django_assert_num_queries, client_for, owner, consultation
):
    client = client_for(owner)
    url = reverse("members:consultation-reminders", args=[consultation.pk])
    reminders.plan_on_open(consultation)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(20):
        MemberFactory()
    reminders.plan_on_open(consultation)
    Reminder.objects.filter(kind=ReminderKind.INVITATION).update(status="sent", sent_at=timezone.now())
    assert Reminder.objects.count() > 60
    with django_assert_num_queries(len(few)):
        client.get(url)


def test_the_reminder_times_page_saves_while_draft_and_explains_errors(client_for, members):
    consultation = ConsultationFactory(state=ConsultationState.DRAFT)
    client = client_for(consultation.owner)
    url = reverse("members:consultation-reminder-times", args=[consultation.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'value="7, 2, 0"' in page.content.decode()
    bad = client.post(url, {"days": "7, soon", "time_of_day": "08:00"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "<title>Error:" in text and "7, soon" in text and "govuk-error-summary" in text
    assert client.post(url, {"days": "10, 3", "time_of_day": "09:15"}).status_code == 302
    times = list(ReminderTime.objects.filter(consultation=consultation).values_list("days_before", "time_of_day"))
    assert times == [(10, datetime.time(9, 15)), (3, datetime.time(9, 15))]


def test_reminder_times_cannot_change_once_open(client_for, consultation):
    url = reverse("members:consultation-reminder-times", args=[consultation.pk])
    response = client_for(consultation.owner).post(url, {"days": "1", "time_of_day": "08:00"})
    assert response.status_code == 200
    assert "before the consultation opens" in response.content.decode()
    assert not ReminderTime.objects.exists()


def test_another_officer_cannot_set_reminder_times(client_for, person_with_role):
    consultation = ConsultationFactory(state=ConsultationState.DRAFT)
    url = reverse("members:consultation-reminder-times", args=[consultation.pk])
    assert client_for(person_with_role(Role.OFFICER)).get(url).status_code == 404
    assert client_for(UserFactory(roles=[Role.COUNCILLOR])).get(url).status_code == 403


def test_a_mail_server_that_cannot_be_reached_is_recorded_in_words(beat, settings, consultation, members):
    from tests.consultation_reminders_smtp import free_port

    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    reminders.plan_on_open(consultation)
    beat()
    rows = Reminder.objects.filter(kind=ReminderKind.INVITATION)
    assert {(r.status, r.attempts) for r in rows} == {("failed", 1)}
    assert all(r.last_error.startswith("Could not reach the mail server") for r in rows)


def test_the_owner_s_lifecycle_sends_each_email_once_and_stops_reminders_on_closing(beat, settings, members):
    """Through the owner's services: open (invitations), close early (reminders not sent), report (thanks)."""
    from members.consultations import services
    from tests.factories import QuestionFactory

    consultation = ConsultationFactory(
        state=ConsultationState.DRAFT,
        opens_at=timezone.now() + datetime.timedelta(days=1),
        closes_at=timezone.now() + datetime.timedelta(days=20),
    )
    QuestionFactory(consultation=consultation)
    services.consultation_open(consultation=consultation, by=consultation.owner)
    beat()
    beat()
    assert sent_to() == {m.user.email: 1 for m in members}
    submit(consultation, members[0])
    services.consultation_close(consultation=consultation, reason="The review's timetable moved", by=consultation.owner)
    make_due(consultation)
    beat()
    assert len(mail.outbox) == 3  # no reminders after closing
    assert set(Reminder.objects.filter(kind=ReminderKind.REMINDER).values_list("status", flat=True)) == {"skipped"}
    services.consultation_report(consultation=consultation, outcome="A member reference group", by=consultation.owner)
    beat()
    beat()
    assert sent_to() == {members[0].user.email: 2, members[1].user.email: 1, members[2].user.email: 1}
    assert mail.outbox[-1].subject.startswith("Thank you") and "member reference group" in mail.outbox[-1].body
    summary = settings.SITE_URL + reverse("members:consultation-summary", args=[consultation.pk])
    assert summary in mail.outbox[-1].body


def test_every_consultation_email_is_signed_with_the_council_s_own_name(beat, settings, consultation, members):
    settings.COUNCIL_NAME = "Eastvale District Council"
    settings.COUNCIL_SERVICE_NAME = "Member services"
    reminders.plan_on_open(consultation)
    make_due(consultation)
    beat()
    submit(consultation, members[0])
    consultation.state = ConsultationState.REPORTED
    consultation.summary_published_at = timezone.now()
    consultation.save()
    reminders.plan_thank_you(consultation)
    beat()
    kinds = {message.subject.split(" ")[0] for message in mail.outbox}
    assert kinds == {"Consultation:", "Reminder:", "Thank"}
    for message in mail.outbox:
        for text in (message.body, message.alternatives[0][0]):
            assert "Eastvale District Council" in text and "Member services" in text
            assert "Northbridge" not in text
