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


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.COUNCIL_NAME}//{settings.COUNCIL_SERVICE_NAME}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", icalendar.vText(name))
    calendar.add("x-wr-timezone", icalendar.vText(settings.TIME_ZONE))
    return calendar


def _event(meeting, *, now: datetime.datetime, host: str, url: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{host}")
    event.add("dtstamp", now)
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH))
    event.add("summary", meeting.body.name)
    event.add("location", ", ".join(part for part in (meeting.venue, meeting.remote_link) if part))
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    return event


def calendar_feed(meetings, *, name: str, host: str, url_for) -> str:
    now = _utc(timezone.now())
    calendar = _calendar(name)
    for meeting in meetings:
        calendar.add_component(_event(meeting, now=now, host=host, url=url_for(meeting)))
    return calendar.to_ical().decode()


def meeting_file(meeting, *, host: str, url: str) -> str:
    """One meeting as an ``.ics`` file to add to a calendar: the same event, with the same UID, as
    in the feeds, so a calendar that has both keeps one."""
    calendar = _calendar(str(meeting))
    calendar.add_component(_event(meeting, now=_utc(timezone.now()), host=host, url=url))
    return calendar.to_ical().decode()
