"""Meetings: scheduled by a body's clerks, public for public bodies, with the publication deadline."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council import calendar
from members.models import BodyKind
from scrutiny.models import Meeting, MeetingStatus
from tests.factories import BodyFactory, MeetingFactory, MemberFactory
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

SCHEDULE = reverse("scrutiny:meeting-schedule")


def test_clerk_schedules_a_meeting_and_is_told_the_last_day_to_publish(client, clerk_of):
    body = BodyFactory(name="Environment Overview and Scrutiny Committee")
    client.force_login(clerk_of(body))

    response = client.post(
        SCHEDULE,
        {"body": body.pk, "day": "2027-01-05", "start_time": "18:00", "venue": "Council Chamber, Town Hall"},
        follow=True,
    )

    meeting = Meeting.objects.get(body=body)
    assert timezone.localtime(meeting.starts_at) == london(2027, 1, 5, 18)
    page = response.content.decode()
    # Five clear working days before Tuesday 5 January 2027, over Christmas and New Year.
    assert "Publish the agenda by Wednesday 23 December 2026" in page
    assert "Wednesday 23 December 2026" in page


def test_scheduling_story_anonymous_wrong_role_other_body(client, clerk_of):
    body, other = BodyFactory(), BodyFactory()
    assert client.get(SCHEDULE)["Location"].startswith(reverse("login"))

    client.force_login(MemberFactory().user)
    assert client.get(SCHEDULE).status_code == 403

    client.force_login(clerk_of(body))
    response = client.post(SCHEDULE, {"body": other.pk, "day": "2027-01-05", "start_time": "18:00", "venue": "Hall"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_meeting_needs_a_place_and_keeps_what_was_typed(client, clerk_of):
    body = BodyFactory()
    client.force_login(clerk_of(body))
    response = client.post(SCHEDULE, {"body": body.pk, "day": "2027-02-10", "start_time": "18:30"})
    page = response.content.decode()
    assert "Enter a venue or a link to join remotely" in page
    assert 'value="2027-02-10"' in page
    assert not Meeting.objects.exists()


def test_the_end_time_must_be_after_the_start_time(client, clerk_of):
    body = BodyFactory()
    client.force_login(clerk_of(body))
    response = client.post(
        SCHEDULE, {"body": body.pk, "day": "2027-02-10", "start_time": "18:30", "end_time": "18:00", "venue": "Hall"}
    )
    assert "The end time must be after the start time" in response.content.decode()


def test_public_reads_public_meetings_but_not_working_groups(client):
    public = MeetingFactory(body__name="Overview and Scrutiny Committee")
    private = MeetingFactory(body__name="Budget Working Group", body__kind=BodyKind.WORKING_GROUP)
    page = client.get(reverse("scrutiny:meeting-list")).content.decode()
    assert "Overview and Scrutiny Committee" in page and "Budget Working Group" not in page
    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get(private.get_absolute_url()).status_code == 404

    client.force_login(MemberFactory().user)
    assert client.get(private.get_absolute_url()).status_code == 200


def test_deadline_flags_for_the_clerk(client, clerk_of):
    body = BodyFactory()
    clerk = clerk_of(body)
    today = timezone.localdate()
    # A meeting whose last day to publish is within five working days; another far off.
    near_day = today
    while not 0 <= calendar.working_days_until(calendar.last_day_to_publish(near_day), today=today) <= 5:
        near_day += datetime.timedelta(days=1)
    near = MeetingFactory(
        body=body, starts_at=timezone.make_aware(datetime.datetime.combine(near_day, datetime.time(18)))
    )
    far = MeetingFactory(body=body, starts_at=timezone.now() + datetime.timedelta(days=60))

    assert near.publication_deadline_state() == "near"
    assert far.publication_deadline_state() is None
    client.force_login(clerk)
    assert "Publication deadline near" in client.get(reverse("scrutiny:meeting-list")).content.decode()
    assert "Publication deadline near" in client.get(reverse("home")).content.decode()
    # The public is not shown the clerk's working flags.
    client.logout()
    assert "Publication deadline" not in client.get(reverse("scrutiny:meeting-list")).content.decode()


def test_deadline_states_at_the_boundaries():
    meeting = MeetingFactory(starts_at=london(2026, 12, 10))  # last day to publish: Wed 2 December
    assert meeting.publication_deadline_state(today=datetime.date(2026, 11, 24)) is None  # 6 working days left
    assert meeting.publication_deadline_state(today=datetime.date(2026, 11, 25)) == "near"  # 5 left
    assert meeting.publication_deadline_state(today=datetime.date(2026, 12, 2)) == "near"  # the last day
    assert meeting.publication_deadline_state(today=datetime.date(2026, 12, 3)) == "passed"
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    assert meeting.publication_deadline_state(today=datetime.date(2026, 12, 3)) is None


def test_clerk_cancels_a_meeting_with_a_reason_and_it_is_in_the_history(client, clerk_of):
    meeting = MeetingFactory()
    clerk = clerk_of(meeting.body, first_name="Emma", last_name="Clarke")
    client.force_login(clerk)
    url = reverse("scrutiny:meeting-cancel", args=[meeting.pk])

    assert "Enter the reason" in client.post(url, {"reason": " "}).content.decode()
    client.post(url, {"reason": "Not quorate: too few members available"})

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert "Not quorate" in client.get(meeting.get_absolute_url()).content.decode()
    history = client.get(reverse("history", args=["scrutiny", "meeting", meeting.pk])).content.decode()
    assert "Emma Clarke" in history and "Meeting cancelled" in history
    # A cancelled meeting cannot be changed again.
    assert (
        "cannot be changed"
        in client.post(
            reverse("scrutiny:meeting-edit", args=[meeting.pk]),
            {"day": "2027-03-03", "start_time": "18:00", "venue": "Hall"},
        ).content.decode()
    )


def test_only_the_bodys_clerk_changes_its_meeting(client, clerk_of):
    meeting = MeetingFactory()
    client.force_login(MemberFactory().user)
    assert client.get(reverse("scrutiny:meeting-edit", args=[meeting.pk])).status_code == 403
    client.force_login(clerk_of(BodyFactory()))
    assert client.get(reverse("scrutiny:meeting-edit", args=[meeting.pk])).status_code == 404
    client.force_login(clerk_of(meeting.body))
    assert client.get(reverse("scrutiny:meeting-edit", args=[meeting.pk])).status_code == 200


def test_icalendar_feed_is_in_utc_across_summer_and_winter_time(client):
    body = BodyFactory(name="Overview and Scrutiny Committee", slug="overview-and-scrutiny")
    MeetingFactory(body=body, starts_at=london(2027, 6, 10, 18), venue="Council Chamber, Town Hall")
    MeetingFactory(body=body, starts_at=london(2027, 12, 9, 18), status=MeetingStatus.CANCELLED)
    MeetingFactory(body__kind=BodyKind.WORKING_GROUP, body__name="Budget Working Group")

    response = client.get(reverse("scrutiny:feed-body", args=[body.slug]))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "DTSTART:20270610T170000Z" in text  # 6pm British Summer Time
    assert "DTSTART:20271209T180000Z" in text  # 6pm Greenwich Mean Time
    assert "LOCATION:Council Chamber\\, Town Hall" in text
    assert "STATUS:CANCELLED" in text
    assert "\r\n" in text and all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    everything = client.get(reverse("scrutiny:feed-all")).content.decode()
    assert "Budget Working Group" not in everything


def test_month_view_lists_that_months_meetings(client):
    MeetingFactory(body__name="Cabinet", body__kind=BodyKind.CABINET, starts_at=london(2027, 3, 4, 10))
    MeetingFactory(body__name="Council", body__kind=BodyKind.COUNCIL, starts_at=london(2027, 4, 1, 19))
    page = client.get(reverse("scrutiny:meeting-month", args=[2027, 3])).content.decode()
    assert "Cabinet" in page and "Thursday 4 March" in page and "10am" in page
    assert ">Council<" not in page
    assert client.get(reverse("scrutiny:meeting-month", args=[2027, 13])).status_code == 404


def test_meeting_pages_keep_a_constant_number_of_queries(client, django_assert_num_queries, clerk_of):
    body = BodyFactory()
    clerk = clerk_of(body)
    client.force_login(clerk)
    client.get(reverse("home"))
    urls = [
        reverse("scrutiny:meeting-list"),
        reverse("scrutiny:meeting-month", args=[2027, 5]),
        reverse("scrutiny:feed-all"),
        reverse("home"),
    ]
    MeetingFactory.create_batch(3, body=body, starts_at=london(2027, 5, 12))
    few = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        few.append(len(queries))
    for n in range(20):
        MeetingFactory(body=BodyFactory() if n % 2 else body, starts_at=london(2027, 5, 13 + n % 10))
    for url, count in zip(urls, few, strict=True):
        with django_assert_num_queries(count, info=url):
            client.get(url)
