"""The summons and supplement summons sent to members on publication (issue 15): who is summoned,
rows written with the publication and sent once, bounces and retries, the clerk's page, the exempt
title rule, the message's parts and links."""

import datetime
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council.roles import Role
from members.models import MembershipRole
from scrutiny import packs, services, tasks
from scrutiny.models import Summons, SummonsKind, SummonsStatus
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
NOW = datetime.datetime(2027, 2, 22, 10, tzinfo=UTC)  # a Monday
MEETING_AT = datetime.datetime(2027, 3, 10, 18, tzinfo=UTC)  # a Wednesday, clear of the five days
EXEMPT_MARKER = "ZEBRA-7 leisure tender"


@pytest.fixture(autouse=True)
def clock():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


class DownBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class BouncingBackend(BaseEmailBackend):
    """A mail server that refuses one address and takes the rest (into the locmem outbox)."""

    def send_messages(self, email_messages):
        for message in email_messages:
            if "gone@" in message.to[0]:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"5.1.1 Mailbox does not exist")})
            mail.outbox.append(message)
        return len(email_messages)


def seat(body, role=MembershipRole.MEMBER, **fields):
    person = MemberFactory(**{f"user__{k}": v for k, v in fields.items()}).user
    MembershipFactory(body=body, person=person, role=role)
    return person


@pytest.fixture
def body():
    return BodyFactory(name="Overview and Scrutiny Committee")


@pytest.fixture
def clerk(body, clerk_of):
    return clerk_of(body, first_name="Emma", last_name="Clarke")


@pytest.fixture
def people(body):
    return {
        "chair": seat(body, MembershipRole.CHAIR, first_name="Anna", last_name="Chair", email="anna@example.org"),
        "member": seat(body, first_name="Ravi", last_name="Patel", email="ravi@example.org"),
        "substitute": seat(body, MembershipRole.SUBSTITUTE, first_name="Sue", last_name="Stand"),
        "co_opted": seat(body, MembershipRole.CO_OPTED, first_name="Colin", last_name="Coopted"),
    }


def meeting_with(body, clerk, *, exempt=False):
    meeting = MeetingFactory(body=body, starts_at=MEETING_AT, venue="Council Chamber, Town Hall")
    services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    if exempt:
        services.agenda_item_add(
            meeting=meeting, by=clerk, title=EXEMPT_MARKER, exempt=True, exempt_paragraph=3,
            public_interest_reason="Tender prices would harm the council's negotiating position",
        )  # fmt: skip
    return meeting


def publish(meeting, clerk, callbacks):
    with callbacks(execute=True):
        return services.agenda_publish(meeting=meeting, by=clerk)


def summonses_to(person):
    return [m for m in mail.outbox if m.to == [person.email] and "X-Council-Summons" in m.extra_headers]


# --- Who is summoned ---------------------------------------------------------------------------------


def test_each_seat_on_the_meeting_day_is_summoned_once(body, clerk, people, django_capture_on_commit_callbacks):
    ended = seat(body, first_name="Old", last_name="Seat")
    ended.memberships.update(end_date=datetime.date(2027, 3, 1))  # ended before the meeting
    later = seat(body, first_name="Next", last_name="Year")
    later.memberships.update(start_date=datetime.date(2027, 5, 20))  # starts after it
    other_body = seat(BodyFactory(), first_name="Other", last_name="Body")
    both = people["member"]
    MembershipFactory(body=body, person=both, role=MembershipRole.VICE_CHAIR)  # two seats: once, the higher
    meeting = meeting_with(body, clerk)

    publication = publish(meeting, clerk, django_capture_on_commit_callbacks)

    rows = Summons.objects.filter(publication=publication)
    assert {(s.recipient, s.seat) for s in rows} == {
        (people["chair"], "Chair"),
        (both, "Vice-Chair"),
        (people["substitute"], "Substitute"),
        (people["co_opted"], "Co-opted member (non-voting)"),
    }
    assert {s.kind for s in rows} == {SummonsKind.SUMMONS}
    assert {s.status for s in rows} == {SummonsStatus.SENT}
    for person in people.values():
        assert len(summonses_to(person)) == 1
    for person in (ended, later, other_body, clerk):
        assert summonses_to(person) == []


def test_the_summons_is_recorded_with_the_publication(body, clerk, people, django_capture_on_commit_callbacks):
    meeting = meeting_with(body, clerk)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.agenda_publish(meeting=meeting, by=clerk)
        assert Summons.objects.count() == 4  # written in the publication's transaction…
        raise RuntimeError("the publication fails after the summonses are recorded")
    assert not Summons.objects.exists()  # …and gone with it
    assert mail.outbox == []


def test_a_supplement_sends_a_supplement_summons_naming_what_was_added(
    body, clerk, people, django_capture_on_commit_callbacks
):
    meeting = meeting_with(body, clerk)
    publish(meeting, clerk, django_capture_on_commit_callbacks)
    services.agenda_item_add(meeting=meeting, by=clerk, title="Leisure centre opening hours")
    with django_capture_on_commit_callbacks(execute=True):
        supplement = services.supplement_publish(meeting=meeting, by=clerk)

    rows = Summons.objects.filter(publication=supplement)
    assert rows.count() == 4 and {s.kind for s in rows} == {SummonsKind.SUPPLEMENT}
    first, second = summonses_to(people["member"])
    assert first.subject.startswith("Summons: Overview and Scrutiny Committee, Wednesday 10 March 2027 at 6pm")
    assert second.subject.startswith("Supplementary agenda 1: Overview and Scrutiny Committee")
    assert "1. Strategic Commissioning" in first.body
    assert "2. Leisure centre opening hours" in second.body
    assert "Strategic Commissioning" not in second.body  # only the business added


# --- Sending: once, retried, bounced ---------------------------------------------------------------


def test_a_mail_server_that_is_down_delays_the_summons_and_never_sends_it_twice(
    body, clerk, people, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.DownBackend"
    meeting = meeting_with(body, clerk)
    publish(meeting, clerk, django_capture_on_commit_callbacks)  # the clerk is never troubled

    assert {(s.status, s.attempts) for s in Summons.objects.all()} == {(SummonsStatus.QUEUED, 1)}
    assert "Could not reach the mail server: Connection unexpectedly closed" in Summons.objects.first().error
    assert mail.outbox == []

    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.send_summonses() == {"sent": 4, "failed": 0, "retry": 0, "not_ours": 0}
    assert tasks.send_summonses() == {"sent": 0, "failed": 0, "retry": 0, "not_ours": 0}
    assert len(mail.outbox) == 4
    for person in people.values():
        assert len(summonses_to(person)) == 1
    summons = Summons.objects.get(recipient=people["member"])
    assert summons.status == SummonsStatus.SENT and summons.sent_at == NOW and summons.error == ""
    assert summons.attempts == 2


@pytest.mark.django_db(transaction=True)
def test_a_summons_another_worker_holds_is_left_to_it(body, clerk, people, settings):
    """Claiming is ``select_for_update(skip_locked=True)``: while another worker holds a row, this
    one sends the others and leaves it; it is never sent twice."""
    import threading

    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.DownBackend"
    meeting = meeting_with(body, clerk)
    services.agenda_publish(meeting=meeting, by=clerk)  # committed: the eager send failed, all queued
    assert Summons.objects.queued().count() == 4
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    held = Summons.objects.get(recipient=people["member"]).pk
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        from django.db import connection as own

        try:
            with transaction.atomic():
                Summons.objects.select_for_update().get(pk=held)
                locked.set()
                release.wait(10)
        finally:
            own.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(10)
        assert services.summonses_send() == {"sent": 3, "failed": 0, "retry": 0, "not_ours": 1}
    finally:
        release.set()
        thread.join()
    assert summonses_to(people["member"]) == []
    assert services.summonses_send()["sent"] == 1  # released: sent by the next run, once
    assert len(summonses_to(people["member"])) == 1


def test_a_refused_address_is_marked_bounced_for_the_clerk(
    body, clerk, people, settings, django_capture_on_commit_callbacks, client
):
    gone = seat(body, first_name="Gill", last_name="Gone", email="gone@example.org")
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.BouncingBackend"
    meeting = meeting_with(body, clerk)
    publish(meeting, clerk, django_capture_on_commit_callbacks)

    bounced = Summons.objects.get(recipient=gone)
    assert bounced.status == SummonsStatus.FAILED and bounced.sent_at is None
    assert bounced.error.startswith("Bounced: the mail server refused the address: gone@example.org (550")
    assert Summons.objects.filter(status=SummonsStatus.SENT).count() == 4
    assert tasks.send_summonses()["sent"] == 0  # final: not tried again

    client.force_login(clerk)
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    assert "4 sent, 0 queued, 1 not delivered." in meeting_page
    assert reverse("scrutiny:summons-list", args=[meeting.pk]) in meeting_page
    page = client.get(reverse("scrutiny:summons-list", args=[meeting.pk])).content.decode()
    assert "Gill Gone" in page and "Not delivered" in page and "5.1.1 Mailbox does not exist" in page
    assert "Ravi Patel" in page and "Sent" in page


def test_a_recipient_without_an_email_address_is_shown_to_the_clerk(
    body, clerk, people, django_capture_on_commit_callbacks
):
    people["co_opted"].email = ""
    people["co_opted"].save()
    meeting = meeting_with(body, clerk)
    publish(meeting, clerk, django_capture_on_commit_callbacks)
    row = Summons.objects.get(recipient=people["co_opted"])
    assert row.status == SummonsStatus.FAILED and row.error.startswith("No email address")


# --- The clerk's page --------------------------------------------------------------------------------


def test_the_summons_page_is_for_the_bodys_clerks(
    body, clerk, people, client, clerk_of, django_capture_on_commit_callbacks
):
    meeting = meeting_with(body, clerk)
    publish(meeting, clerk, django_capture_on_commit_callbacks)
    url = reverse("scrutiny:summons-list", args=[meeting.pk])

    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))  # the public
    client.force_login(people["member"])  # a member of the committee: not theirs to see
    assert client.get(url).status_code == 403
    client.force_login(clerk_of(BodyFactory()))  # another committee's clerk: not found
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(roles=[Role.ADMINISTRATOR]))
    assert client.get(url).status_code == 200
    client.force_login(clerk)
    page = client.get(url).content.decode()
    assert "Anna Chair" in page and "Substitute" in page and "Co-opted member (non-voting)" in page
    client.force_login(people["member"])
    assert "See who was sent the summons" not in client.get(meeting.get_absolute_url()).content.decode()


def test_the_summons_page_reads_in_constant_queries(body, clerk, client, django_assert_num_queries):
    def published_with(n):
        b = BodyFactory()
        for _ in range(n):
            seat(b)
        meeting = meeting_with(b, clerk)
        from council import permissions

        permissions.grant("members.change_body", clerk, b)
        services.agenda_publish(meeting=meeting, by=clerk)
        services.agenda_item_add(meeting=meeting, by=clerk, title="Late business")
        services.supplement_publish(meeting=meeting, by=clerk)
        return meeting

    few, many = published_with(1), published_with(8)
    client.force_login(clerk)
    client.get(reverse("scrutiny:summons-list", args=[few.pk]))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("scrutiny:summons-list", args=[few.pk]))
    with django_assert_num_queries(len(queries)):
        response = client.get(reverse("scrutiny:summons-list", args=[many.pk]))
    assert response.status_code == 200


# --- The message -------------------------------------------------------------------------------------


def test_the_summons_is_text_and_html_with_links_and_no_attachment(
    body, clerk, people, django_capture_on_commit_callbacks
):
    meeting = meeting_with(body, clerk, exempt=True)
    publish(meeting, clerk, django_capture_on_commit_callbacks)
    (message,) = summonses_to(people["member"])
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert message.attachments == []
    for part in (message.body, html):
        assert "Overview and Scrutiny Committee" in part
        assert "Wednesday 10 March 2027" in part and "6pm" in part
        assert "Council Chamber, Town Hall" in part
        assert reverse("scrutiny:agenda-print", args=[meeting.pk]) in part
        assert reverse("packs:versions", args=[packs.KIND, meeting.pk, "public"]) in part
        assert reverse("packs:versions", args=[packs.KIND, meeting.pk, "confidential"]) in part
    assert "You are summoned as: Member" in message.body
    assert Summons.objects.get(recipient=people["member"]).confidential_link


def test_an_exempt_title_goes_only_to_those_who_may_open_it(
    body, clerk, people, django_capture_on_commit_callbacks, client
):
    """Attacker's test: a person summoned for the meeting day whose seat has not started yet may not
    open the exempt papers today, so their summons gives the item by its paragraph only and carries
    no confidential pack link."""
    newcomer = seat(body, first_name="Nina", last_name="New", email="nina@example.org")
    newcomer.memberships.update(start_date=datetime.date(2027, 3, 1))
    meeting = meeting_with(body, clerk, exempt=True)
    publish(meeting, clerk, django_capture_on_commit_callbacks)

    (message,) = summonses_to(newcomer)
    html = message.alternatives[0][0]
    for part in (message.subject, message.body, html):
        assert EXEMPT_MARKER not in part
    assert "3. Exempt business (Not for publication by virtue of paragraph 3" in message.body
    assert reverse("packs:versions", args=[packs.KIND, meeting.pk, "confidential"]) not in message.body + html
    assert not Summons.objects.get(recipient=newcomer).confidential_link

    (seated,) = summonses_to(people["member"])
    assert f"3. {EXEMPT_MARKER} (Not for publication by virtue of paragraph 3" in seated.body

    client.force_login(clerk)
    page = client.get(reverse("scrutiny:summons-list", args=[meeting.pk])).content.decode()
    assert EXEMPT_MARKER not in page  # the clerk's page lists recipients, not business


def test_a_meeting_cancelled_before_the_summons_went_sends_none(
    body, clerk, people, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.DownBackend"
    meeting = meeting_with(body, clerk)
    publish(meeting, clerk, django_capture_on_commit_callbacks)
    services.meeting_cancel(meeting=meeting, reason="The Chair is unwell", by=clerk)
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.send_summonses()["failed"] == 4
    assert mail.outbox == []
    assert {s.error for s in Summons.objects.all()} == {"The meeting was cancelled before the summons was sent"}


def test_the_clerk_sends_a_bounced_summons_again_once_the_address_is_corrected(
    body, clerk, people, settings, client, django_capture_on_commit_callbacks
):
    gone = seat(body, first_name="Gill", last_name="Gone", email="gone@example.org")
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.BouncingBackend"
    meeting = meeting_with(body, clerk)
    publish(meeting, clerk, django_capture_on_commit_callbacks)
    bounced = Summons.objects.get(recipient=gone)
    url = reverse("scrutiny:summons-resend", args=[meeting.pk, bounced.pk])

    client.force_login(people["member"])
    assert client.post(url).status_code == 403  # not theirs
    client.force_login(clerk)
    list_url = reverse("scrutiny:summons-list", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url)["Location"] == list_url  # the address is still wrong: refused again
    assert "Bounced: the mail server refused the address" in client.get(list_url).content.decode()
    gone.email = "gill@example.org"
    gone.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert "The summons to Gill Gone will be sent again." in client.get(list_url).content.decode()
    bounced.refresh_from_db()
    assert bounced.status == SummonsStatus.SENT and bounced.attempts == 1
    assert len(summonses_to(gone)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert "Only a summons that was not delivered can be sent again" in response.content.decode()
    assert len(summonses_to(gone)) == 1
