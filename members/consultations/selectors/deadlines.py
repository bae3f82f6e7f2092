"""A consultation's deadline, in the council's time zone (Europe/London): whether it takes responses
now, and the phrases that say when it closes ("closes at 5pm on Friday 4 December 2026",
"closes tomorrow")."""

import datetime

from django.utils import formats, timezone

from council.calendar import bank_holiday_name
from council.templatetags.govuk import govuk_time

from ...models import Consultation, ConsultationState


def closing_phrase(consultation: Consultation) -> str:
    """ "closes at 5pm on Friday 4 December 2026" (Europe/London)."""
    return f"closes at {_when(consultation.closes_at)}"


def closed_phrase(consultation: Consultation) -> str:
    return f"closed at {_when(consultation.closes_at)}"


def closing_day_flag(consultation: Consultation) -> str:
    """A warning when the consultation closes on a weekend or a bank holiday (the council's
    calendar, England and Wales unless set otherwise): members and officers may be away that day.
    Empty when it closes on a working day."""
    day = timezone.localtime(consultation.closes_at).date()
    holiday = bank_holiday_name(day)
    if holiday:
        what = f"a bank holiday ({holiday})"
    elif day.weekday() >= 5:
        what = "a weekend"
    else:
        return ""
    when = formats.date_format(day, "l j F Y")
    return f"It closes on {when}, {what}: members may be away. Consider closing it on a working day."


def _when(moment: datetime.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{govuk_time(local)} on {formats.date_format(local, 'l j F Y')}"


def closes_in(consultation: Consultation, now: datetime.datetime | None = None) -> str:
    """ "closes today", "closes tomorrow" or "closes in 3 days", counted in calendar days in London."""
    now = now or timezone.now()
    days = (timezone.localdate(consultation.closes_at) - timezone.localdate(now)).days
    if days <= 0:
        return "closes today"
    if days == 1:
        return "closes tomorrow"
    return f"closes in {days} days"


def is_accepting(consultation: Consultation, now: datetime.datetime | None = None) -> bool:
    """Responses are taken while the consultation is open and its closing time has not come."""
    now = now or timezone.now()
    return consultation.state == ConsultationState.OPEN and consultation.opens_at <= now < consultation.closes_at


def is_visible_to_members(consultation: Consultation, now: datetime.datetime | None = None) -> bool:
    """Members see a consultation once it has opened; a draft, or one not open yet, is not found."""
    now = now or timezone.now()
    return consultation.state != ConsultationState.DRAFT and consultation.opens_at <= now
