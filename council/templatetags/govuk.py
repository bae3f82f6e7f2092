"""Dates and times in GOV.UK style: ``{% load govuk %}``.

The style guide writes "5:30pm", "10am", "midday" and "midnight", never "12pm", "10:00am" or "17:30".
The filters take aware datetimes and show them in the council's time zone (Europe/London).
"""

import datetime

from django import template
from django.utils import formats

register = template.Library()


@register.filter(expects_localtime=True)
def govuk_time(value: datetime.datetime | datetime.time | None) -> str:
    """The time of day: 2:05pm, 10am, midday or midnight."""
    if value in (None, ""):
        return ""
    if (value.hour, value.minute) == (12, 0):
        return "midday"
    if (value.hour, value.minute) == (0, 0):
        return "midnight"
    return formats.time_format(value, "gA" if value.minute == 0 else "g:iA").lower()


@register.filter(expects_localtime=True)
def govuk_datetime(value: datetime.datetime | None) -> str:
    """The date and time: 26 November 2026 at 2:05pm."""
    if value in (None, ""):
        return ""
    return f"{formats.date_format(value, 'j F Y')} at {govuk_time(value)}"


@register.filter(expects_localtime=True)
def machine_datetime(value: datetime.datetime | datetime.date | None) -> str:
    """For a ``<time datetime>`` attribute: ISO 8601 to the second, with its offset (HTML allows at
    most three digits of a second's fraction, so the microseconds ``date:'c'`` writes are dropped)."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
