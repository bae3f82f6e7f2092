"""Minute numbers: each item of business gets the next number of its body's municipal year when the
meeting is marked as held, in the style the council sets (``MINUTE_NUMBER_STYLE``). The label is
stored, so numbers stay as they were printed and confirmed (docs/decisions/0036)."""

from django.conf import settings
from django.db.models import Max

from council import calendar
from council.history import saved_by
from members.models import Body

from ..models import AgendaItem, Meeting, MinuteNumber


def minute_label(*, body_code: str, n: int, municipal_year: int) -> str:
    """A minute number in the council's style: "OSC 12/26", or "12."."""
    return (
        str(settings.MINUTE_NUMBER_STYLE)
        .format(
            body_code=body_code,
            n=n,
            yy=f"{municipal_year % 100:02d}",
            year=calendar.municipal_year_label(municipal_year),
        )
        .strip()
    )


def minute_numbers_assign(*, meeting: Meeting, by) -> list[MinuteNumber]:
    """Number each published item of ``meeting`` not yet numbered, in agenda order, after the last
    number its body used in the meeting's municipal year. Runs inside the caller's transaction; the
    body's row is locked so that two meetings held at once cannot take the same numbers."""
    body = Body.objects.select_for_update().get(pk=meeting.body_id)
    year = calendar.municipal_year_of(meeting.date)
    last = MinuteNumber.objects.filter(body=body, municipal_year=year).aggregate(last=Max("number"))["last"] or 0
    items = (
        AgendaItem.objects.filter(meeting=meeting, published_in__isnull=False, minute_number__isnull=True)
        .order_by("position")
        .only("pk", "position")
    )
    code = body.short_code
    numbers = []
    for n, item in enumerate(items, start=last + 1):
        label = minute_label(body_code=code, n=n, municipal_year=year)
        numbers.append(
            saved_by(
                MinuteNumber(item=item, body=body, municipal_year=year, number=n, label=label), by, "Minute numbered"
            )
        )
    return numbers
