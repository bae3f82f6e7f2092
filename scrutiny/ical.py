"""iCalendar (RFC 5545) feeds of meetings, so members and the public can subscribe.

Built with the icalendar library, which escapes every text value (a line break in a venue stays
inside the venue) and folds long lines: nothing a clerk types can start a line of its own.
Times are written in UTC ("Z"), which every calendar shows in its own time zone: a 6pm meeting
in Europe/London is 17:00Z in summer and 18:00Z in winter.
"""

import datetime

import icalendar
from django.conf import settings
from django.utils import timezone

from .models import MeetingStatus

DEFAULT_LENGTH = datetime.timedelta(hours=2)


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.UTC)


def calendar_feed(meetings, *, name: str, host: str, url_for) -> str:
    now = _utc(timezone.now())
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.COUNCIL_NAME}//{settings.COUNCIL_SERVICE_NAME}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", icalendar.vText(name))
    calendar.add("x-wr-timezone", icalendar.vText(settings.TIME_ZONE))
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", _utc(meeting.starts_at))
        event.add("dtend", _utc(meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH))
        event.add("summary", meeting.body.name)
        event.add("location", ", ".join(part for part in (meeting.venue, meeting.remote_link) if part))
        event.add("url", url_for(meeting))
        event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical().decode()
