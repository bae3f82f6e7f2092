"""The clerk's agenda pages, and what the public sees of them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from council import calendar
from members.models import MembershipRole
from scrutiny import services
from scrutiny.models import MeetingStatus, Publication
from tests.factories import MeetingFactory, MemberFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def meeting_in(working_days_ahead: int, **fields):
    """A meeting whose agenda published today has exactly ``working_days_ahead`` clear working days."""
    today = timezone.localdate()
    day = today + datetime.timedelta(days=1)
    while calendar.clear_working_days(today, day) != working_days_ahead or not calendar.is_working_day(day):
        day += datetime.timedelta(days=1)
    return MeetingFactory(starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(18))), **fields)


def test_clerk_adds_items_and_an_exempt_item_needs_its_paragraph(client, clerk_of):
    meeting = meeting_in(10)
    client.force_login(clerk_of(meeting.body))
    url = reverse("scrutiny:item-add", args=[meeting.pk])

    response = client.post(url, {"title": "Contract award: leisure centres", "kind": "decision", "exempt": "on"})
    page = response.content.decode()
    assert "Select the paragraph of Schedule 12A" in page
    assert 'href="#id_exempt_paragraph"' in page
    assert 'value="Contract award: leisure centres"' in page

    client.post(
        url,
        {
            "title": "Contract award: leisure centres",
            "kind": "decision",
            "exempt": "on",
            "exempt_paragraph": "3",
            "public_interest_reason": "Tender prices would harm the council's negotiating position",
            "minutes_allowed": "20",
        },
    )
    client.post(url, {"title": "Strategic Commissioning", "kind": "report", "minutes_allowed": "30"})
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "1.</span> Exclusion of the press and public" in page  # placed before the exempt business
    assert "2.</span> Contract award: leisure centres" in page
    assert "3.</span> Strategic Commissioning" in page
    assert "30 minutes from about 6:20pm" in page  # the running timetable


def test_publishing_late_needs_a_reason_and_the_public_then_sees_the_agenda(client, clerk_of):
    meeting = meeting_in(3)
    clerk = clerk_of(meeting.body)
    services.agenda_item_add(meeting=meeting, by=clerk, title="Budget monitoring")
    services.agenda_item_add(
        meeting=meeting, by=clerk, title="Staffing restructure", exempt=True, exempt_paragraph=4,
        public_interest_reason="Negotiations with the trade unions are continuing",
    )  # fmt: skip
    # Before publication the public sees no items.
    assert "Budget monitoring" not in client.get(meeting.get_absolute_url()).content.decode()

    client.force_login(clerk)
    url = reverse("scrutiny:publish", args=[meeting.pk])
    assert "You can only publish now as urgent business" in client.get(url).content.decode()
    refused = client.post(url, {"urgent_reason": ""}).content.decode()
    assert "enter why the business is urgent" in refused
    assert not Publication.objects.exists()

    chair = MembershipFactory(body=meeting.body, role=MembershipRole.CHAIR).person
    page = client.post(url, {"urgent_reason": "Quarter-end figures arrived late"}).content.decode()
    assert "Select the Chair" in page and "Quarter-end figures arrived late" in page  # kept as typed
    client.post(
        url,
        {
            "urgent_reason": "Quarter-end figures arrived late",
            "urgency_agreed_by": chair.pk,
            "urgency_agreed_on": timezone.localdate().isoformat(),
        },
    )
    publication = Publication.objects.get()
    assert not publication.deadline_met and publication.published_by == clerk

    client.logout()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Budget monitoring" in page and "Staffing restructure" in page
    assert "Not for publication by virtue of paragraph 4 of Part 1 of Schedule 12A" in page
    assert "Negotiations with the trade unions" not in page  # the reason is for the clerk's record
    assert "Late, as urgent business: Quarter-end figures arrived late" in page


def test_publishing_on_time_needs_no_reason(client, clerk_of):
    meeting = meeting_in(8)
    clerk = clerk_of(meeting.body)
    services.agenda_item_add(meeting=meeting, by=clerk, title="Work programme")
    client.force_login(clerk)
    client.post(reverse("scrutiny:publish", args=[meeting.pk]), {})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED
    assert Publication.objects.get().deadline_met


def test_only_the_bodys_clerk_works_on_its_agenda(client, clerk_of):
    meeting = meeting_in(10)
    urls = [reverse("scrutiny:item-add", args=[meeting.pk]), reverse("scrutiny:publish", args=[meeting.pk])]
    for url in urls:
        assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(MemberFactory().user)
    assert [client.get(url).status_code for url in urls] == [403, 403]
    client.force_login(clerk_of(meeting.body))
    assert [client.get(url).status_code for url in urls] == [200, 200]


def test_meeting_page_keeps_a_constant_number_of_queries(client, django_assert_num_queries, clerk_of):
    meeting = meeting_in(10)
    clerk = clerk_of(meeting.body)
    author = UserFactory()
    for n in range(3):
        services.agenda_item_add(meeting=meeting, by=clerk, title=f"Item {n}", report_author=author, presenter=author)
    client.force_login(clerk)
    with CaptureQueriesContext(connection) as few:
        client.get(meeting.get_absolute_url())
    for n in range(20):
        services.agenda_item_add(meeting=meeting, by=clerk, title=f"More {n}", report_author=author, minutes_allowed=5)
    with django_assert_num_queries(len(few)):
        client.get(meeting.get_absolute_url())
