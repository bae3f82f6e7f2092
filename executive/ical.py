"""An iCalendar (RFC 5545) feed of the forward plan's expected decision dates, so members, officers
and the public can subscribe. As for meetings (scrutiny/ical.py), the icalendar library escapes and
folds every text value. Expected dates are whole days (``VALUE=DATE``): no time zone to convert."""

import datetime

import icalendar
from django.conf import settings
from django.utils import timezone


def forward_plan_feed(rows: list[dict], *, name: str, host: str, url_for) -> str:
    """``rows``: the current edition's entries as published (``edition_rows``)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.COUNCIL_NAME}//{settings.COUNCIL_SERVICE_NAME}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", icalendar.vText(name))
    calendar.add("x-wr-timezone", icalendar.vText(settings.TIME_ZONE))
    now = timezone.now().astimezone(datetime.UTC)
    for row in rows:
        event = icalendar.Event()
        event.add("uid", f"forward-plan-entry-{row['id']}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", row["expected_decision_on"])
        event.add("dtend", row["expected_decision_on"] + datetime.timedelta(days=1))
        kind = "Key decision" if row["key"] else "Decision"
        event.add("summary", f"{kind}: {row['matter']} ({row['decision_maker']})")
        event.add("description", row["summary"])
        event.add("url", url_for(row["id"]))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical().decode()
