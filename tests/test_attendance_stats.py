"""Attendance statistics: the counting rules at the boundaries of a period, the public's figures
(public bodies only), the pages and CSVs for the public and signed-in people, and the query counts."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from members.models import BodyKind, MembershipRole
from scrutiny.models import Attendance, AttendanceStatus, MeetingStatus
from scrutiny.selectors import attendance_stats as stats
from scrutiny.selectors.attendance_stats import Period
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

YEAR = Period(datetime.date(2025, 5, 1), datetime.date(2026, 4, 30))
PUBLIC = AnonymousUser()
PRESENT, APOLOGIES, ABSENT, VIRTUAL = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.APOLOGIES,
    AttendanceStatus.ABSENT,
    AttendanceStatus.VIRTUAL,
)


def held(body, day: datetime.date, status=MeetingStatus.MINUTES_CONFIRMED, hour=18):
    return MeetingFactory(body=body, starts_at=london(day.year, day.month, day.day, hour), status=status)


def councillor(body, role=MembershipRole.MEMBER, start=datetime.date(2025, 5, 1), end=None, **names):
    member = MemberFactory(**{f"user__{field}": value for field, value in names.items()})
    MembershipFactory(body=body, person=member.user, role=role, start_date=start, end_date=end)
    return member


def line(meeting, member, status, substitute_for=None):
    stood_in_for = substitute_for.user if substitute_for else None
    return Attendance.objects.create(meeting=meeting, person=member.user, status=status, substitute_for=stood_in_for)


def by_name(rows):
    return {row["name"]: {column: row[column] for column in stats.COLUMNS} for row in rows}


@pytest.fixture
def committee():
    """An O&S committee with a year of meetings: the first and the last day of the municipal year,
    one the day before and one the day after it, and a cancelled one."""
    body = BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY, name="Overview and Scrutiny Committee")
    anne = councillor(body, MembershipRole.CHAIR, first_name="Anne", last_name="Cole")
    ravi = councillor(body, first_name="Ravi", last_name="Patel")
    sam = councillor(body, MembershipRole.SUBSTITUTE, first_name="Sam", last_name="Ortiz")
    # A seat that started mid-period: expected only from its first day.
    jo = councillor(body, start=datetime.date(2025, 10, 1), first_name="Jo", last_name="Baines")
    first = held(body, datetime.date(2025, 5, 1), hour=10)
    last = held(body, datetime.date(2026, 4, 30), hour=23)
    before = held(body, datetime.date(2025, 4, 30))
    after = held(body, datetime.date(2026, 5, 1), hour=0)
    cancelled = held(body, datetime.date(2025, 11, 12), status=MeetingStatus.CANCELLED)
    for meeting in (first, last, before, after):
        line(meeting, anne, PRESENT)
    line(first, ravi, APOLOGIES)
    line(first, sam, PRESENT, substitute_for=ravi)
    line(last, ravi, VIRTUAL)
    line(last, jo, ABSENT)
    line(cancelled, anne, APOLOGIES)  # a line on a cancelled meeting counts for nothing
    return {"body": body, "anne": anne, "ravi": ravi, "sam": sam, "jo": jo, "first": first, "last": last}


def test_the_first_and_last_days_of_the_period_count_and_the_days_either_side_do_not(committee):
    figures = by_name(stats.for_body(PUBLIC, committee["body"], YEAR))
    assert figures["Anne Cole"] == {
        "expected": 2,
        "present": 2,
        "substitute": 0,
        "remote": 0,
        "apologies": 0,
        "absent": 0,
    }


def test_a_substitute_standing_in_and_apologies_and_remote_attendance(committee):
    figures = by_name(stats.for_body(PUBLIC, committee["body"], YEAR))
    # Ravi sent apologies to the first and attended the last remotely: not "present" in England.
    assert figures["Ravi Patel"] == {
        "expected": 2,
        "present": 0,
        "substitute": 0,
        "remote": 1,
        "apologies": 1,
        "absent": 0,
    }
    # Sam is a substitute: never expected, present once as a substitute.
    assert figures["Sam Ortiz"] == {
        "expected": 0,
        "present": 0,
        "substitute": 1,
        "remote": 0,
        "apologies": 0,
        "absent": 0,
    }


def test_a_seat_that_started_mid_period_is_expected_only_after_it_started(committee):
    figures = by_name(stats.for_body(PUBLIC, committee["body"], YEAR))
    assert figures["Jo Baines"]["expected"] == 1
    assert figures["Jo Baines"]["absent"] == 1


def test_a_cancelled_meeting_is_not_expected(committee):
    period = Period(datetime.date(2025, 11, 1), datetime.date(2025, 11, 30))
    assert stats.for_body(PUBLIC, committee["body"], period) == []


def test_a_seat_that_ended_is_not_expected_after_it_ended():
    body = BodyFactory()
    left = councillor(body, end=datetime.date(2025, 9, 30), first_name="Lee", last_name="Hart")
    held(body, datetime.date(2025, 6, 1))
    held(body, datetime.date(2025, 12, 1))
    assert by_name(stats.for_body(PUBLIC, body, YEAR))["Lee Hart"]["expected"] == 1
    assert stats.for_member(PUBLIC, left, YEAR)["total"]["expected"] == 1


def test_a_councillor_body_by_body_and_in_total(committee):
    other = BodyFactory(kind=BodyKind.COMMITTEE, name="Planning Committee")
    MembershipFactory(body=other, person=committee["anne"].user, start_date=datetime.date(2025, 5, 1))
    planning = held(other, datetime.date(2025, 7, 1))
    line(planning, committee["anne"], APOLOGIES)
    figures = stats.for_member(PUBLIC, committee["anne"], YEAR)
    assert [row["name"] for row in figures["rows"]] == ["Overview and Scrutiny Committee", "Planning Committee"]
    assert figures["total"] == {
        "expected": 3,
        "present": 2,
        "substitute": 0,
        "remote": 0,
        "apologies": 1,
        "absent": 0,
    }


def test_non_public_bodies_are_left_out_of_the_public_figures_only(committee, person_with_role):
    group = BodyFactory(kind=BodyKind.WORKING_GROUP, name="Budget Working Group")
    MembershipFactory(body=group, person=committee["anne"].user, start_date=datetime.date(2025, 5, 1))
    line(held(group, datetime.date(2025, 9, 1)), committee["anne"], PRESENT)
    public = stats.for_member(PUBLIC, committee["anne"], YEAR)
    assert "Budget Working Group" not in [row["name"] for row in public["rows"]]
    assert public["total"]["expected"] == 2
    assert by_name(stats.council_wide(PUBLIC, YEAR))["Anne Cole"]["expected"] == 2
    signed_in = person_with_role("Councillor")
    assert stats.for_member(signed_in, committee["anne"], YEAR)["total"]["expected"] == 3
    assert by_name(stats.council_wide(signed_in, YEAR))["Anne Cole"]["expected"] == 3


def test_each_table_is_one_query_however_many_rows(committee, django_assert_num_queries):
    body = committee["body"]
    for queries, table in (
        (1, lambda: stats.council_wide(PUBLIC, YEAR)),
        (1, lambda: stats.for_body(PUBLIC, body, YEAR)),
        (1, lambda: stats.for_member(PUBLIC, committee["anne"], YEAR)),
    ):
        with django_assert_num_queries(queries):
            table()
    for n in range(6):
        member = councillor(body, first_name=f"Extra{n}", last_name="Member")
        meeting = held(body, datetime.date(2025, 6, n + 1))
        line(meeting, member, PRESENT)
        line(meeting, committee["anne"], APOLOGIES)
    with django_assert_num_queries(1):
        assert len(stats.council_wide(PUBLIC, YEAR)) == 10
    with django_assert_num_queries(1):
        stats.for_body(PUBLIC, body, YEAR)
    with django_assert_num_queries(1):
        stats.for_member(PUBLIC, committee["anne"], YEAR)


# The pages


def _period(period=YEAR):
    return {"start": period.start.isoformat(), "end": period.end.isoformat()}


def test_the_public_reads_every_page_and_csv(client, committee):
    anne, body = committee["anne"], committee["body"]
    pages = [
        reverse("scrutiny:attendance-council"),
        reverse("scrutiny:attendance-body", args=[body.slug]),
        reverse("scrutiny:attendance-member", args=[anne.pk]),
    ]
    for url in pages:
        response = client.get(url, _period())
        assert response.status_code == 200
        page = response.content.decode()
        assert "Anne Cole" in page or "Overview and Scrutiny Committee" in page
    response = client.get(reverse("scrutiny:attendance-body-csv", args=[body.slug]), _period())
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["Member", *stats.HEADINGS]
    assert stats.HEADINGS == (
        "Expected",
        "Present",
        "Present as substitute",
        "Attended remotely",
        "Apologies",
        "Absent",
    )
    assert ["Anne Cole", "2", "2", "0", "0", "0", "0"] in rows
    response = client.get(reverse("scrutiny:attendance-member-csv", args=[anne.pk]), _period())
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[-1] == ["Total", "2", "2", "0", "0", "0", "0"]
    response = client.get(reverse("scrutiny:attendance-council-csv"), _period())
    assert response["Content-Disposition"] == (
        'attachment; filename="attendance-councillors-2025-05-01-to-2026-04-30.csv"'
    )


def test_a_non_public_body_is_not_found_for_the_public_and_shown_to_a_councillor(client, client_for, person_with_role):
    group = BodyFactory(kind=BodyKind.WORKING_GROUP)
    for name in ("scrutiny:attendance-body", "scrutiny:attendance-body-csv"):
        assert client.get(reverse(name, args=[group.slug])).status_code == 404
    signed_in = client_for(person_with_role("Councillor"))
    assert signed_in.get(reverse("scrutiny:attendance-body", args=[group.slug])).status_code == 200


def test_a_councillor_kept_off_the_public_pages_is_not_found(client):
    hidden = MemberFactory(is_public=False)
    for name in ("scrutiny:attendance-member", "scrutiny:attendance-member-csv"):
        assert client.get(reverse(name, args=[hidden.pk])).status_code == 404


def test_bad_dates_get_the_error_summary_and_keep_what_was_typed(client, committee):
    response = client.get(reverse("scrutiny:attendance-council"), {"start": "2025-13-45", "end": "2025-06-01"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The from date must be a real date" in page
    assert 'value="2025-13-45"' in page
    assert "<title>Error:" in page
    response = client.get(reverse("scrutiny:attendance-council"), {"start": "2025-06-01", "end": "2025-05-01"})
    assert "The to date must be the same as or after the from date" in response.content.decode()


def test_the_default_period_is_the_current_municipal_year(client, committee, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 1, 15))
    page = client.get(reverse("scrutiny:attendance-council")).content.decode()
    assert "1 May 2025 to 30 April 2026" in page


def test_the_council_wide_page_is_constant_in_queries(client, committee, django_assert_max_num_queries):
    url = reverse("scrutiny:attendance-council")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url, _period())
    for n in range(5):
        member = councillor(committee["body"], first_name=f"More{n}", last_name="Member")
        line(held(committee["body"], datetime.date(2025, 7, n + 1)), member, PRESENT)
    with django_assert_max_num_queries(len(few)):
        client.get(url, _period())


def test_expected_and_apologies_sent_before_a_meeting_not_yet_held_count_for_nothing(committee):
    """Issue 16: a meeting not yet held is not "absent"; a member still "Expected" on the register of
    a held meeting is expected and absent, nothing else."""
    body, anne, ravi, jo = committee["body"], committee["anne"], committee["ravi"], committee["jo"]
    to_come = held(body, datetime.date(2026, 3, 20), status=MeetingStatus.AGENDA_PUBLISHED)
    line(to_come, ravi, APOLOGIES)  # sent in advance
    line(to_come, anne, AttendanceStatus.EXPECTED)
    held_with_expected = held(body, datetime.date(2026, 2, 10))
    line(held_with_expected, jo, AttendanceStatus.EXPECTED)
    figures = by_name(stats.for_body(PUBLIC, body, YEAR))
    assert figures["Ravi Patel"]["apologies"] == 1  # the first meeting's only
    assert figures["Anne Cole"]["absent"] == 1  # the held meeting with no line: not the one to come
    assert figures["Anne Cole"]["expected"] == 3
    assert figures["Jo Baines"] == {
        "expected": 2,
        "present": 0,
        "substitute": 0,
        "remote": 0,
        "apologies": 0,
        "absent": 2,
    }
