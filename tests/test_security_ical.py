"""The meeting feeds cannot be made to carry events nobody scheduled (issue 11, finding 12).

A venue with a bare carriage return followed by ``BEGIN:VEVENT`` once put a fake meeting into the
public feed that every subscribed calendar showed. The feed is read back here as a calendar app
reads it, with the icalendar library.
"""

import icalendar
import pytest
from django.urls import reverse

from scrutiny.models import MeetingStatus
from tests.factories import BodyFactory, MeetingFactory
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

FAKE = "\rBEGIN:VEVENT\rUID:fake@evil\rSUMMARY:Meeting moved: join here\rDTSTART:20270101T100000Z\rEND:VEVENT"


def events(response):
    """The events, read as a calendar app that ends a line at any CR or LF would read them."""
    content = response.content
    assert b"\r" not in content.replace(b"\r\n", b"") and b"\n" not in content.replace(b"\r\n", b"")
    lenient = content.replace(b"\r\n", b"\n").replace(b"\r", b"\n").replace(b"\n", b"\r\n")
    calendar = icalendar.Calendar.from_ical(lenient)
    return calendar.walk("VEVENT")


@pytest.mark.parametrize("newline", ["\r", "\n", "\r\n"])
def test_a_line_break_in_a_venue_or_committee_name_cannot_add_an_event(client, newline):
    fake = FAKE.replace("\r", newline)
    body = BodyFactory(name="Overview and Scrutiny Committee" + fake, slug="overview")
    real = MeetingFactory(body=body, starts_at=london(2027, 6, 10, 18), venue="Council Chamber" + fake)

    for url in (reverse("scrutiny:feed-all"), reverse("scrutiny:feed-body", args=[body.slug])):
        found = events(client.get(url))
        assert [str(event["UID"]) for event in found] == [f"meeting-{real.pk}@testserver"]
        (event,) = found
        # The line breaks are kept as line breaks inside the one text value, as RFC 5545 writes them.
        assert str(event["LOCATION"]) == "Council Chamber" + fake.replace("\r\n", "\n").replace("\r", "\n")
        assert str(event["SUMMARY"]).startswith("Overview and Scrutiny Committee")


def test_the_feed_reads_back_with_utc_times_and_cancelled_meetings_marked(client):
    body = BodyFactory(name="Overview and Scrutiny Committee", slug="overview-and-scrutiny")
    summer = MeetingFactory(body=body, starts_at=london(2027, 6, 10, 18), venue="Council Chamber, Town Hall")
    winter = MeetingFactory(body=body, starts_at=london(2027, 12, 9, 18), status=MeetingStatus.CANCELLED)

    found = {str(event["UID"]): event for event in events(client.get(reverse("scrutiny:feed-all")))}

    first, second = found[f"meeting-{summer.pk}@testserver"], found[f"meeting-{winter.pk}@testserver"]
    assert first.decoded("DTSTART") == summer.starts_at and first.decoded("DTSTART").utcoffset().seconds == 0
    assert first.decoded("DTEND") - first.decoded("DTSTART") == london(2027, 6, 10, 20) - london(2027, 6, 10, 18)
    assert str(first["STATUS"]) == "CONFIRMED" and str(second["STATUS"]) == "CANCELLED"
    assert str(first["URL"]) == f"http://testserver{summer.get_absolute_url()}"
