"""The working-day calendar behind the publication law.

Local Government Act 1972 s.100B: agenda and reports open to the public at least five clear
working days before the meeting. Clear: not counting the day of publication nor the meeting day.
Working days exclude weekends and the bank holidays of England and Wales.
"""

import datetime

import pytest

from council import calendar

D = datetime.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 12, 1), True),  # a Tuesday
        (D(2026, 12, 5), False),  # Saturday
        (D(2026, 12, 6), False),  # Sunday
        (D(2026, 12, 25), False),  # Christmas Day
        (D(2026, 12, 28), False),  # Boxing Day, observed on the Monday
        (D(2027, 3, 26), False),  # Good Friday
        (D(2027, 3, 29), False),  # Easter Monday
        (D(2027, 8, 30), False),  # Late Summer Bank Holiday
        (D(2027, 8, 31), True),
    ],
)
def test_working_days_exclude_weekends_and_bank_holidays(day, working):
    assert calendar.is_working_day(day) is working


def test_clear_working_days_count_neither_the_publication_day_nor_the_meeting_day():
    meeting = D(2026, 12, 10)  # Thursday
    assert calendar.clear_working_days(D(2026, 12, 2), meeting) == 5  # Thu 3, Fri 4, Mon 7, Tue 8, Wed 9
    assert calendar.clear_working_days(D(2026, 12, 3), meeting) == 4
    assert calendar.clear_working_days(D(2026, 12, 9), meeting) == 0
    assert calendar.clear_working_days(meeting, meeting) == 0
    assert calendar.clear_working_days(D(2026, 12, 11), meeting) == 0  # after the meeting


@pytest.mark.parametrize(
    ("meeting", "last_day"),
    [
        (D(2026, 12, 10), D(2026, 12, 2)),  # an ordinary week
        (D(2026, 12, 14), D(2026, 12, 4)),  # a Monday meeting: the Friday before the week before
        (D(2027, 1, 5), D(2026, 12, 23)),  # over Christmas, Boxing Day observed and New Year's Day
        (D(2027, 4, 1), D(2027, 3, 22)),  # over Easter
        (D(2027, 6, 2), D(2027, 5, 24)),  # over the Spring Bank Holiday (Monday 31 May)
    ],
)
def test_last_day_to_publish_for_five_clear_working_days(meeting, last_day):
    assert calendar.last_day_to_publish(meeting, clear_days=5) == last_day
    # The boundary: on the last day there are exactly five clear working days; the next working day, four.
    assert calendar.clear_working_days(last_day, meeting) == 5
    assert calendar.clear_working_days(calendar.next_working_day(last_day), meeting) == 4


def test_welsh_councils_use_three_clear_days():
    assert calendar.last_day_to_publish(D(2026, 12, 10), clear_days=3) == D(2026, 12, 4)


def test_publishing_at_a_weekend_counts_from_the_next_working_day():
    # Published on Saturday 5 December for Monday 14 December: Mon 7 to Fri 11 are five clear days.
    assert calendar.clear_working_days(D(2026, 12, 5), D(2026, 12, 14)) == 5
    assert calendar.meets_publication_deadline(D(2026, 12, 5), D(2026, 12, 14), clear_days=5)
    assert not calendar.meets_publication_deadline(D(2026, 12, 7), D(2026, 12, 14), clear_days=5)


def test_the_number_of_clear_days_is_a_council_setting(settings):
    settings.PUBLICATION_CLEAR_DAYS = 3
    assert calendar.last_day_to_publish(D(2026, 12, 10)) == D(2026, 12, 4)
    settings.PUBLICATION_CLEAR_DAYS = 5
    assert calendar.last_day_to_publish(D(2026, 12, 10)) == D(2026, 12, 2)


def test_working_days_until_a_deadline():
    assert calendar.working_days_until(D(2026, 12, 2), today=D(2026, 11, 26)) == 4  # Fri, Mon, Tue, Wed
    assert calendar.working_days_until(D(2026, 11, 26), today=D(2026, 11, 26)) == 0
    assert calendar.working_days_until(D(2026, 11, 20), today=D(2026, 11, 26)) < 0


def test_bank_holidays_come_from_the_maintained_library_for_any_year():
    # No hand-kept list: a year far from today still knows its Easter (Good Friday 2035 is 23 March).
    assert not calendar.is_working_day(D(2035, 3, 23))
    assert calendar.bank_holiday_name(D(2035, 3, 23)) == "Good Friday"
