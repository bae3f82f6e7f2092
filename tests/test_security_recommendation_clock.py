"""Scrutiny recommendations (Local Government Act 2000 s.9FE): two months from the day the executive
receives them, counting that day; the response and its publication tracked; the executive reminded
before the response is due, once per reminder however often the beat fires."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council import permissions
from council.errors import RuleError
from council.roles import Role
from scrutiny import services
from scrutiny.models import AgendaItem, Recommendation, RecommendationReminder
from scrutiny.models.minutes import response_due_on
from scrutiny.tasks import send_recommendation_reminders
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, PortfolioFactory, UserFactory
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    ("received_on", "due"),
    [
        (D(2027, 3, 15), D(2027, 5, 14)),  # the day received is the first day of the two months
        (D(2026, 12, 31), D(2027, 2, 28)),  # no 31 February: the period ends with February
        (D(2027, 12, 31), D(2028, 2, 29)),  # a leap year
        (D(2027, 12, 30), D(2028, 2, 29)),
        (D(2027, 12, 29), D(2028, 2, 28)),
        (D(2027, 1, 1), D(2027, 2, 28)),
        (D(2028, 1, 1), D(2028, 2, 29)),
        (D(2027, 3, 31), D(2027, 5, 30)),
        (D(2027, 7, 31), D(2027, 9, 30)),  # no 31 September
        (D(2027, 8, 31), D(2027, 10, 30)),
    ],
)
def test_the_response_is_due_two_months_from_receipt_counting_the_day_received(received_on, due):
    assert response_due_on(received_on) == due


@pytest.fixture
def clerk():
    return UserFactory(first_name="Emma", last_name="Clarke", roles=[Role.DEMOCRATIC_SERVICES])


@pytest.fixture
def cabinet_member():
    member = MemberFactory(user__first_name="Sam", user__last_name="Okafor", user__email="sam.okafor@example.org")
    PortfolioFactory(title="Corporate Services", cabinet_member=member)
    return member.user


@pytest.fixture
def body(clerk):
    body = BodyFactory(name="Overview and Scrutiny Committee", slug="overview-and-scrutiny-committee")
    permissions.grant("members.change_body", clerk, body)
    return body


def make_recommendation(body, clerk, *, when=None, text="Publish a schedule of commissioning reviews", exempt=False):
    when = when or london(2027, 3, 11)
    meeting = MeetingFactory(body=body, starts_at=when)
    fields = {"exempt": True, "exempt_paragraph": 3, "public_interest_reason": "Tenders"} if exempt else {}
    AgendaItem.objects.create(meeting=meeting, position=1, title="Strategic Commissioning", **fields)
    services.agenda_publish(meeting=meeting, by=clerk, today=when.date() - datetime.timedelta(days=14))
    services.meeting_mark_held(meeting=meeting, by=clerk, now=when + datetime.timedelta(hours=3))
    minute = services.minute_write(item=meeting.items.get(), text="Discussed.", by=clerk)
    resolution = services.resolution_add(minute=minute, text="Resolved to recommend.", by=clerk)
    return services.recommendation_add(
        resolution=resolution, text=text, to_whom="Cabinet", made_on=when.date(), by=clerk
    )


MID_MARCH = D(2027, 3, 15)


def receive(recommendation, clerk, responder, on=MID_MARCH):
    return services.recommendation_received(
        recommendation=recommendation, received_on=on, responder=responder, by=clerk, today=on
    )


def test_the_clock_starts_when_the_executive_receives_the_recommendation(body, clerk, cabinet_member):
    recommendation = make_recommendation(body, clerk)
    assert recommendation.response_due is None
    assert not recommendation.is_overdue(D(2027, 12, 1))  # not received: no clock yet
    with pytest.raises(RuleError) as before_made:
        receive(recommendation, clerk, cabinet_member, on=D(2027, 3, 10))
    assert before_made.value.field == "received_on"
    with pytest.raises(RuleError) as in_future:
        services.recommendation_received(
            recommendation=recommendation,
            received_on=D(2027, 3, 20),
            responder=cabinet_member,
            by=clerk,
            today=D(2027, 3, 15),
        )
    assert in_future.value.field == "received_on"
    with pytest.raises(RuleError) as nobody:
        receive(recommendation, clerk, None)
    assert nobody.value.field == "responder"

    recommendation = receive(recommendation, clerk, cabinet_member)
    assert recommendation.received_on == D(2027, 3, 15)
    assert recommendation.response_due == D(2027, 5, 14)
    assert recommendation.responder == cabinet_member
    assert not recommendation.is_overdue(D(2027, 5, 14))
    assert recommendation.is_overdue(D(2027, 5, 15))


def run_beat(today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.recommendation_reminders_send(today=today)


def test_the_executive_is_reminded_14_days_before_and_on_the_due_date_once_each(
    body, clerk, cabinet_member, django_capture_on_commit_callbacks
):
    recommendation = receive(make_recommendation(body, clerk), clerk, cabinet_member)  # due 14 May 2027
    mail.outbox.clear()
    assert run_beat(D(2027, 4, 29), django_capture_on_commit_callbacks) == 0
    assert run_beat(D(2027, 4, 30), django_capture_on_commit_callbacks) == 1
    assert run_beat(D(2027, 4, 30), django_capture_on_commit_callbacks) == 0  # the beat fires twice
    assert run_beat(D(2027, 5, 10), django_capture_on_commit_callbacks) == 0
    assert run_beat(D(2027, 5, 14), django_capture_on_commit_callbacks) == 1
    assert run_beat(D(2027, 5, 14), django_capture_on_commit_callbacks) == 0
    assert run_beat(D(2027, 5, 20), django_capture_on_commit_callbacks) == 0

    assert [message.to for message in mail.outbox] == [["sam.okafor@example.org"]] * 2
    first, second = mail.outbox
    assert first.subject == "Response to a scrutiny recommendation due by 14 May 2027"
    assert second.subject == "Response to a scrutiny recommendation due today"
    assert "Publish a schedule of commissioning reviews" in first.body
    assert "received it on 15 March 2027" in first.body
    assert set(RecommendationReminder.objects.values_list("key", flat=True)) == {"14-days", "due-day"}
    assert RecommendationReminder.objects.filter(recommendation=recommendation).count() == 2


def test_a_missed_due_day_still_reminds_once_and_an_answered_recommendation_never(
    body, clerk, cabinet_member, django_capture_on_commit_callbacks
):
    late = receive(make_recommendation(body, clerk), clerk, cabinet_member)
    answered = receive(make_recommendation(body, clerk, text="Answered already"), clerk, cabinet_member)
    services.recommendation_respond(
        recommendation=answered, response="accepted", response_text="Agreed.", responded_on=D(2027, 4, 1), by=clerk
    )
    mail.outbox.clear()
    assert run_beat(D(2027, 5, 18), django_capture_on_commit_callbacks) == 1
    assert run_beat(D(2027, 5, 19), django_capture_on_commit_callbacks) == 0
    (message,) = mail.outbox
    assert message.subject == "Response to a scrutiny recommendation overdue since 14 May 2027"
    assert RecommendationReminder.objects.get().recommendation == late


def test_a_reminder_another_beat_already_claimed_is_not_sent_again(
    body, clerk, cabinet_member, django_capture_on_commit_callbacks
):
    recommendation = receive(make_recommendation(body, clerk), clerk, cabinet_member)
    RecommendationReminder.objects.create(
        recommendation=recommendation,
        key="14-days",
        sent_to=cabinet_member,
        response_due=recommendation.response_due,
        sent_at=london(2027, 4, 30, 8),
    )
    mail.outbox.clear()
    assert run_beat(D(2027, 4, 30), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_the_beat_task_is_idempotent(body, clerk, cabinet_member, django_capture_on_commit_callbacks):
    from django.utils import timezone

    today = timezone.localdate()
    received = today - datetime.timedelta(days=70)
    while response_due_on(received) < today:
        received += datetime.timedelta(days=1)
    assert response_due_on(received) == today
    recommendation = make_recommendation(body, clerk, when=london(received.year, received.month, received.day, 10))
    receive(recommendation, clerk, cabinet_member, on=received)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_recommendation_reminders.delay()
        send_recommendation_reminders.delay()
    assert len(mail.outbox) == 1


def test_an_exempt_items_recommendation_is_not_put_in_the_email(
    body, clerk, cabinet_member, django_capture_on_commit_callbacks
):
    receive(make_recommendation(body, clerk, text="Renegotiate the leisure fee", exempt=True), clerk, cabinet_member)
    mail.outbox.clear()
    run_beat(D(2027, 4, 30), django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert "Renegotiate the leisure fee" not in message.body
    assert "exempt information" in message.body


def test_the_response_and_its_publication_are_tracked_and_shown(body, clerk, cabinet_member, client):
    recommendation = receive(make_recommendation(body, clerk), clerk, cabinet_member)
    with pytest.raises(RuleError) as published_first:
        services.recommendation_respond(
            recommendation=recommendation,
            response="accepted",
            response_text="Agreed.",
            responded_on=D(2027, 5, 10),
            published_on=D(2027, 5, 9),
            by=clerk,
        )
    assert published_first.value.field == "published_on"
    services.recommendation_respond(
        recommendation=recommendation,
        response="accepted",
        response_text="Agreed: a schedule will be published.",
        responded_on=D(2027, 5, 10),
        published_on=D(2027, 5, 12),
        by=clerk,
    )
    recommendation.refresh_from_db()
    assert recommendation.response_published_on == D(2027, 5, 12)
    meeting = recommendation.resolution.minute.item.meeting
    later = MeetingFactory(body=body, starts_at=london(2027, 4, 22))
    AgendaItem.objects.create(meeting=later, position=1, title="Minutes")
    services.agenda_publish(meeting=later, by=clerk, today=D(2027, 4, 1))
    services.meeting_mark_held(meeting=later, by=clerk, now=london(2027, 4, 22, 21))
    services.minutes_confirm(meeting=meeting, confirmed_at_meeting=later, by=clerk)

    page = client.get(reverse("scrutiny:recommendations")).content.decode()  # the public tracker
    assert "Agreed: a schedule will be published." in page
    assert "Response published 12 May 2027" in page
    assert "Received by the executive 15 March 2027" in page


def test_the_tracker_flags_overdue_responses_in_a_constant_number_of_queries(
    body, clerk, cabinet_member, client, django_assert_num_queries
):
    client.force_login(clerk)
    url = reverse("scrutiny:recommendations")
    overdue = make_recommendation(body, clerk, when=london(2025, 12, 4))
    receive(overdue, clerk, cabinet_member, on=D(2026, 1, 5))  # due 4 March 2026
    page = client.get(url).content.decode()
    assert "Responses overdue (1)" in page
    assert "Response overdue" in page
    make_recommendation(body, clerk, when=london(2027, 6, 10), text="Not yet sent")
    assert "Not yet received by the executive (1)" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        recommendation = make_recommendation(body, clerk, when=london(2026, 3, 2 + n), text=f"More {n}")
        receive(recommendation, clerk, MemberFactory().user, on=D(2026, 3, 9))
    with django_assert_num_queries(len(few)):
        client.get(url)
    assert "Responses overdue (7)" in client.get(url).content.decode()


def test_only_the_bodys_clerks_record_when_the_executive_received_it(body, clerk, cabinet_member, client):
    recommendation = make_recommendation(body, clerk, when=london(2026, 9, 10))
    meeting = recommendation.resolution.minute.item.meeting
    url = reverse("scrutiny:recommendation-received", args=[meeting.pk, recommendation.pk])

    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(MemberFactory().user)
    assert client.get(url).status_code == 403
    other_clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", other_clerk, BodyFactory())
    client.force_login(other_clerk)
    assert client.get(url).status_code == 404

    client.force_login(clerk)
    assert "Sam Okafor" in client.get(url).content.decode()
    refused = client.post(url, {"received_on": "2026-09-01", "responder": cabinet_member.pk}).content.decode()
    assert "cannot have received it before it was made" in refused
    assert 'value="2026-09-01"' in refused  # what was typed is kept
    response = client.post(url, {"received_on": "2026-09-14", "responder": cabinet_member.pk})
    assert response.status_code == 302
    assert Recommendation.objects.get().response_due == D(2026, 11, 13)
