"""The working-day calendar behind the publication law.

Local Government Act 1972 s.100B(3): an agenda and its reports are open to the public at least
``PUBLICATION_CLEAR_DAYS`` clear working days before the meeting (five in England; three in
Wales). Clear days count neither the day of publication nor the day of the meeting. Working days
exclude Saturdays, Sundays and bank holidays, which come from the maintained ``holidays`` library
(England and Wales share theirs), never from a hand-kept list.
"""

import datetime
import functools

import holidays
from django.conf import settings
from django.utils import timezone

ONE_DAY = datetime.timedelta(days=1)


@functools.cache
def _bank_holidays(region: str, year: int) -> dict[datetime.date, str]:
    return dict(holidays.country_holidays("GB", subdiv=region, years=year))


def _region(region: str | None) -> str:
    return region or settings.BANK_HOLIDAY_REGION


def bank_holiday_name(day: datetime.date, *, region: str | None = None) -> str | None:
    return _bank_holidays(_region(region), day.year).get(day)


def is_working_day(day: datetime.date, *, region: str | None = None) -> bool:
    return day.weekday() < 5 and bank_holiday_name(day, region=region) is None


def next_working_day(day: datetime.date, *, region: str | None = None) -> datetime.date:
    day += ONE_DAY
    while not is_working_day(day, region=region):
        day += ONE_DAY
    return day


def previous_working_day(day: datetime.date, *, region: str | None = None) -> datetime.date:
    day -= ONE_DAY
    while not is_working_day(day, region=region):
        day -= ONE_DAY
    return day


def clear_working_days(start: datetime.date, end: datetime.date, *, region: str | None = None) -> int:
    """Working days strictly between ``start`` (publication) and ``end`` (the meeting)."""
    count, day = 0, start + ONE_DAY
    while day < end:
        count += is_working_day(day, region=region)
        day += ONE_DAY
    return count


def last_day_to_publish(
    meeting_on: datetime.date, *, clear_days: int | None = None, region: str | None = None
) -> datetime.date:
    """The last working day on which publishing still leaves the required clear working days."""
    required = settings.PUBLICATION_CLEAR_DAYS if clear_days is None else clear_days
    day = meeting_on
    for _ in range(required):
        day = previous_working_day(day, region=region)
    return previous_working_day(day, region=region)


def meets_publication_deadline(
    published_on: datetime.date, meeting_on: datetime.date, *, clear_days: int | None = None, region: str | None = None
) -> bool:
    required = settings.PUBLICATION_CLEAR_DAYS if clear_days is None else clear_days
    return clear_working_days(published_on, meeting_on, region=region) >= required


def working_days_until(
    deadline: datetime.date, *, today: datetime.date | None = None, region: str | None = None
) -> int:
    """Working days from ``today`` to ``deadline`` (the deadline counted, today not); negative once past."""
    today = today or timezone.localdate()
    if deadline >= today:
        return clear_working_days(today, deadline + ONE_DAY, region=region)
    return -clear_working_days(deadline, today + ONE_DAY, region=region)
