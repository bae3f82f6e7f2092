"""iCalendar (RFC 5545) feeds of meetings, so members and the public can subscribe.

Times are written in UTC ("Z"), which every calendar shows in its own time zone: a 6pm meeting
in Europe/London is 17:00Z in summer and 18:00Z in winter.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from .models import MeetingStatus

DEFAULT_LENGTH = datetime.timedelta(hours=2)


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, start = [], 0
    while start < len(encoded):
        end = min(start + (75 if not parts else 74), len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:  # never split a UTF-8 character
            end -= 1
        parts.append(encoded[start:end].decode())
        start = end
    return "\r\n ".join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_feed(meetings, *, name: str, host: str, url_for) -> str:
    now = _utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{_escape(settings.COUNCIL_NAME)}//{_escape(settings.COUNCIL_SERVICE_NAME)}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
        f"X-WR-TIMEZONE:{settings.TIME_ZONE}",
    ]
    for meeting in meetings:
        location = ", ".join(part for part in (meeting.venue, meeting.remote_link) if part)
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{host}",
            f"DTSTAMP:{now}",
            f"DTSTART:{_utc(meeting.starts_at)}",
            f"DTEND:{_utc(meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH)}",
            f"SUMMARY:{_escape(meeting.body.name)}",
            f"LOCATION:{_escape(location)}",
            f"URL:{url_for(meeting)}",
            f"STATUS:{'CANCELLED' if meeting.status == MeetingStatus.CANCELLED else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
