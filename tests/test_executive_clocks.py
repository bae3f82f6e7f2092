"""The executive's clocks (the 2012 Regulations, regs 9-11; LGA 2000 s.9F), both boundaries of each.

- A key decision: at least 28 clear calendar days after its notice (reg 9). Clear: neither the day
  of publication nor the day of the decision counts, so published on day D, decided from D+29.
- The general exception: at least 5 clear working days after its notice (reg 10), counted as for
  agendas (weekends and bank holidays do not count).
- Call-in: the period ends at the end of the fifth working day after the decision notice is
  published (the day of publication not counted); the decision takes effect the day after.
"""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from council import calendar

D = datetime.date
LONDON = zoneinfo.ZoneInfo("Europe/London")


# --- Key decisions: 28 clear calendar days (reg 9) -------------------------------------------------


@pytest.mark.parametrize(
    ("published", "earliest"),
    [
        (D(2026, 12, 1), D(2026, 12, 30)),
        # Bank holidays count: the clear days are calendar days (Christmas and Boxing Day inside).
        (D(2026, 12, 10), D(2027, 1, 8)),
        # Across the spring clock change (29 March 2026) and Easter: still 29 days on.
        (D(2026, 3, 20), D(2026, 4, 18)),
        # Across the autumn clock change (25 October 2026).
        (D(2026, 10, 10), D(2026, 11, 8)),
    ],
)
def test_a_key_decision_may_be_taken_29_days_after_its_notice(published, earliest):
    assert calendar.earliest_key_decision_day(published) == earliest
    assert (earliest - published).days - 1 == 28  # the clear days between them


def test_key_decision_boundaries_are_28_clear_days_exactly():
    published = D(2026, 3, 20)
    earliest = calendar.earliest_key_decision_day(published)
    assert calendar.key_decision_notice_given(published, earliest) is True
    assert calendar.key_decision_notice_given(published, earliest - datetime.timedelta(days=1)) is False
    assert calendar.key_decision_notice_given(published, earliest + datetime.timedelta(days=1)) is True


def test_key_decision_days_follow_the_setting(settings):
    settings.KEY_DECISION_NOTICE_CLEAR_DAYS = 10
    assert calendar.earliest_key_decision_day(D(2026, 12, 1)) == D(2026, 12, 12)


def test_the_day_of_publication_is_the_london_date_across_the_clock_change():
    # 23:30 UTC on 30 March 2026 is 00:30 BST on 31 March: published on the 31st.
    moment = datetime.datetime(2026, 3, 30, 23, 30, tzinfo=datetime.UTC)
    published = timezone.localdate(moment)
    assert published == D(2026, 3, 31)
    assert calendar.earliest_key_decision_day(published) == D(2026, 4, 29)
    # 23:30 UTC on 27 March 2026 is still GMT: published on the 27th.
    before = timezone.localdate(datetime.datetime(2026, 3, 27, 23, 30, tzinfo=datetime.UTC))
    assert before == D(2026, 3, 27)
    assert calendar.earliest_key_decision_day(before) == D(2026, 4, 25)


# --- General exception: 5 clear working days (reg 10) ---------------------------------------------


@pytest.mark.parametrize(
    ("published", "earliest"),
    [
        # Mon 7 Dec 2026: Tue 8, Wed 9, Thu 10, Fri 11, Mon 14 are clear: decided from Tue 15.
        (D(2026, 12, 7), D(2026, 12, 15)),
        # Fri 18 Dec: Mon 21, Tue 22, Wed 23, Thu 24, Tue 29 (25 and 28 are bank holidays): from Wed 30.
        (D(2026, 12, 18), D(2026, 12, 30)),
        # Tue 31 Mar 2026 (after the clock change), Easter between: Wed 1, Thu 2, Tue 7, Wed 8, Thu 9: from Fri 10.
        (D(2026, 3, 31), D(2026, 4, 10)),
        # Mon 19 Oct 2026, the autumn clock change on Sunday 25th: Tue 20 … Mon 26: from Tue 27.
        (D(2026, 10, 19), D(2026, 10, 27)),
        # The fifth clear working day is a Friday: the decision may be on the Saturday.
        (D(2026, 12, 4), D(2026, 12, 12)),
    ],
)
def test_a_general_exception_decision_may_be_taken_after_5_clear_working_days(published, earliest):
    assert calendar.earliest_general_exception_day(published) == earliest
    assert calendar.clear_working_days(published, earliest) == 5


@pytest.mark.parametrize("published", [D(2026, 12, 7), D(2026, 12, 18), D(2026, 3, 31), D(2026, 10, 19)])
def test_general_exception_one_day_earlier_is_too_soon(published):
    earliest = calendar.earliest_general_exception_day(published)
    assert calendar.clear_working_days(published, earliest - datetime.timedelta(days=1)) == 4


def test_general_exception_follows_the_setting(settings):
    settings.GENERAL_EXCEPTION_CLEAR_WORKING_DAYS = 3
    assert calendar.earliest_general_exception_day(D(2026, 12, 7)) == D(2026, 12, 11)


# --- Call-in: 5 working days after the decision notice (s.9F and the constitution) ----------------


@pytest.mark.parametrize(
    ("published", "ends"),
    [
        # Mon 7 Dec 2026: Tue 8 … Mon 14 is the fifth working day; effective Tue 15.
        (D(2026, 12, 7), D(2026, 12, 14)),
        # Published on a Saturday: Mon 7 … Fri 11.
        (D(2026, 12, 5), D(2026, 12, 11)),
        # Over Christmas: Mon 21, Tue 22, Wed 23, Thu 24, Tue 29.
        (D(2026, 12, 18), D(2026, 12, 29)),
        # Over Easter and the spring clock change: Fri 27 Mar published; Mon 30, Tue 31, Wed 1, Thu 2, Tue 7.
        (D(2026, 3, 27), D(2026, 4, 7)),
        # Over the autumn clock change: Fri 23 Oct; Mon 26 … Fri 30.
        (D(2026, 10, 23), D(2026, 10, 30)),
    ],
)
def test_call_in_period_ends_on_the_fifth_working_day_after_the_notice(published, ends):
    assert calendar.call_in_period_ends(published) == ends
    assert calendar.is_working_day(ends)
    assert calendar.clear_working_days(published, ends + datetime.timedelta(days=1)) == 5
    # The day before it ends, only four have passed.
    assert calendar.clear_working_days(published, ends) == 4
    assert calendar.decision_effective_from(published) == ends + datetime.timedelta(days=1)


def test_call_in_period_follows_the_setting(settings):
    settings.CALL_IN_WORKING_DAYS = 10
    assert calendar.call_in_period_ends(D(2026, 12, 7)) == D(2026, 12, 21)


def test_the_settings_have_the_statutory_defaults():
    from django.conf import settings

    assert settings.KEY_DECISION_NOTICE_CLEAR_DAYS == 28
    assert settings.GENERAL_EXCEPTION_CLEAR_WORKING_DAYS == 5
    assert settings.CALL_IN_WORKING_DAYS == 5
    assert settings.KEY_DECISION_THRESHOLD_POUNDS == 500_000
