"""The working-day calendar behind the publication law.

Local Government Act 1972 s.100B(3): an agenda and its reports are open to the public at least
``PUBLICATION_CLEAR_DAYS`` clear working days before the meeting (five in England; three in
Wales). Clear days count neither the day of publication nor the day of the meeting. Working days
exclude Saturdays, Sundays and bank holidays, which come from the maintained ``holidays`` library
(England and Wales share theirs), never from a hand-kept list.

The executive's clocks (docs/decisions/0018-executive-clocks.md) live here too, each taking and
returning a ``date`` (the Europe/London date of the moment a notice was published):
- ``earliest_key_decision_day``: the 2012 Regulations reg 9, ``KEY_DECISION_NOTICE_CLEAR_DAYS``
  (28) clear *calendar* days between the notice of a key decision and the decision;
- ``earliest_general_exception_day``: reg 10, ``GENERAL_EXCEPTION_CLEAR_WORKING_DAYS`` (5) clear
  working days, counted as for agendas;
- ``call_in_period_ends``: LGA 2000 s.9F and the constitution, the last day on which a decision may
  be called in: the ``CALL_IN_WORKING_DAYS``th (5th) working day after its notice is published.
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


# --- The executive's clocks (the 2012 Regulations regs 9-11; LGA 2000 s.9F) -----------------------


def earliest_key_decision_day(notice_published: datetime.date, *, clear_days: int | None = None) -> datetime.date:
    """The first day a key decision may be taken after its notice (reg 9): the clear days are
    calendar days, and count neither the day of publication nor the day of the decision, so a
    notice published on day D allows the decision from D + 29 (with the default 28)."""
    required = settings.KEY_DECISION_NOTICE_CLEAR_DAYS if clear_days is None else clear_days
    return notice_published + datetime.timedelta(days=required + 1)


def key_decision_notice_given(notice_published: datetime.date, decided_on: datetime.date) -> bool:
    return decided_on >= earliest_key_decision_day(notice_published)


def _after_working_days(day: datetime.date, count: int, *, region: str | None) -> datetime.date:
    for _ in range(count):
        day = next_working_day(day, region=region)
    return day


def earliest_general_exception_day(
    notice_published: datetime.date, *, clear_days: int | None = None, region: str | None = None
) -> datetime.date:
    """The first day a decision taken under the general exception may be taken (reg 10): the day
    after the last of the clear working days that follow the notice's publication (the same count as
    for agendas: ``clear_working_days(notice_published, result) == clear_days``). It may itself be a
    weekend or bank holiday: the law counts the days between, not the day of the decision."""
    required = settings.GENERAL_EXCEPTION_CLEAR_WORKING_DAYS if clear_days is None else clear_days
    return _after_working_days(notice_published, required, region=region) + ONE_DAY


def call_in_period_ends(
    notice_published: datetime.date, *, working_days: int | None = None, region: str | None = None
) -> datetime.date:
    """The last day on which a published decision may be called in (LGA 2000 s.9F; the period is
    the constitution's, ``CALL_IN_WORKING_DAYS``): the fifth working day after the decision notice
    is published, the day of publication not counted. The period ends at the end of that day; the
    decision may be implemented from the next day (``decision_effective_from``)."""
    required = settings.CALL_IN_WORKING_DAYS if working_days is None else working_days
    return _after_working_days(notice_published, required, region=region)


def decision_effective_from(
    notice_published: datetime.date, *, working_days: int | None = None, region: str | None = None
) -> datetime.date:
    """The first day a decision not called in may be implemented: the day after the call-in period."""
    return call_in_period_ends(notice_published, working_days=working_days, region=region) + ONE_DAY


def last_day_to_notice_key_decision(decision_day: datetime.date, *, clear_days: int | None = None) -> datetime.date:
    """The last day on which the forward plan may publish a key decision's notice for it to be taken
    on ``decision_day`` (reg 9): the latest ``d`` with ``earliest_key_decision_day(d) <= decision_day``,
    so 29 days before with the default 28 clear calendar days."""
    required = settings.KEY_DECISION_NOTICE_CLEAR_DAYS if clear_days is None else clear_days
    return decision_day - datetime.timedelta(days=required + 1)


# --- Private meetings of the executive (the 2012 Regulations reg 5) -------------------------------


def earliest_private_meeting_day(notice_published: datetime.date, *, clear_days: int | None = None) -> datetime.date:
    """The first day a meeting (or part) may be held in private after the notice of intention
    (reg 5(2)): ``PRIVATE_MEETING_NOTICE_CLEAR_DAYS`` (28) clear calendar days, counted as for a key
    decision (``earliest_key_decision_day``): neither the day of the notice nor the meeting's counts."""
    required = settings.PRIVATE_MEETING_NOTICE_CLEAR_DAYS if clear_days is None else clear_days
    return earliest_key_decision_day(notice_published, clear_days=required)


def last_day_for_private_notice(meeting_day: datetime.date, *, clear_days: int | None = None) -> datetime.date:
    """The last day the notice of intention may be published for a private meeting on ``meeting_day``."""
    required = settings.PRIVATE_MEETING_NOTICE_CLEAR_DAYS if clear_days is None else clear_days
    return meeting_day - datetime.timedelta(days=required + 1)


def last_day_for_further_private_notice(meeting_day: datetime.date, *, region: str | None = None) -> datetime.date:
    """The last day for the further notice (reg 5(3)): ``PRIVATE_MEETING_FURTHER_NOTICE_CLEAR_DAYS``
    (5) clear working days before the meeting, counted as for its agenda (``last_day_to_publish``)."""
    return last_day_to_publish(
        meeting_day, clear_days=settings.PRIVATE_MEETING_FURTHER_NOTICE_CLEAR_DAYS, region=region
    )


def further_private_notice_given(
    notice_published: datetime.date, meeting_day: datetime.date, *, region: str | None = None
) -> bool:
    return meets_publication_deadline(
        notice_published, meeting_day, clear_days=settings.PRIVATE_MEETING_FURTHER_NOTICE_CLEAR_DAYS, region=region
    )


def call_in_consideration_deadline(
    valid_on: datetime.date, *, working_days: int | None = None, region: str | None = None
) -> datetime.date:
    """The last day on which overview and scrutiny may consider a call-in (the constitution,
    ``CALL_IN_CONSIDERED_WITHIN_WORKING_DAYS``): that many working days after the day the call-in
    became valid, that day not counted."""
    required = settings.CALL_IN_CONSIDERED_WITHIN_WORKING_DAYS if working_days is None else working_days
    return _after_working_days(valid_on, required, region=region)


#: The municipal year runs from the annual meeting in May; the product counts it from 1 May.
MUNICIPAL_YEAR_STARTS = (5, 1)


def municipal_year_of(day: datetime.date) -> int:
    """The municipal year ``day`` falls in, named by the year it starts (2025 is 1 May 2025 to 30 April 2026)."""
    return day.year if (day.month, day.day) >= MUNICIPAL_YEAR_STARTS else day.year - 1


def municipal_year(year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last days of municipal year ``year`` (both included)."""
    start = datetime.date(year, *MUNICIPAL_YEAR_STARTS)
    return start, datetime.date(year + 1, *MUNICIPAL_YEAR_STARTS) - datetime.timedelta(days=1)


def municipal_year_label(year: int) -> str:
    return f"{year}/{str(year + 1)[-2:]}"
