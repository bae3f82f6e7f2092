"""A committee's and a councillor's public pages, and a meeting's calendar file: the attacker's test
first (nothing exempt on either page), then what each shows, to whom, and in how many queries."""

import datetime
from unittest import mock

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from executive import services as executive_services
from executive.selectors.councillor_decisions import cabinet_member_decisions
from members.models import BodyKind, MembershipRole
from scrutiny.models import MeetingStatus
from tests.exempt_scenario import PREFIX, plant
from tests.factories import (
    BodyFactory,
    CabinetMemberDecisionMakerFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    UserFactory,
)
from tests.factories.members import PortfolioFactory
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

WINTER = datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC)


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


# The attacker's test


def test_nothing_exempt_on_the_committee_or_councillor_pages(client, client_for):
    scenario = plant().confirm()
    member = scenario.member.member
    outsider = client_for(scenario.outsider)
    for reader in (client, outsider):
        for url in (
            scenario.body.get_absolute_url(),
            member.get_absolute_url(),
            reverse("scrutiny:attendance-body", args=[scenario.body.slug]),
            reverse("scrutiny:attendance-member", args=[member.pk]),
            reverse("scrutiny:meeting-ics", args=[scenario.meeting.pk]),
        ):
            assert PREFIX not in page(reader, url), url
    # A member of the committee sees the exempt business it derives from (its work programme entry).
    assert PREFIX in page(client_for(scenario.member), scenario.body.get_absolute_url())


# The committee page


@pytest.fixture
def committee():
    body = BodyFactory(name="Overview and Scrutiny Committee", kind=BodyKind.OVERVIEW_SCRUTINY)
    chair = MemberFactory(user__first_name="Anne", user__last_name="Cole")
    MembershipFactory(body=body, person=chair.user, role=MembershipRole.CHAIR, start_date=datetime.date(2025, 5, 1))
    retired = MemberFactory(user__first_name="Lee", user__last_name="Hart")
    MembershipFactory(
        body=body, person=retired.user, start_date=datetime.date(2024, 5, 1), end_date=datetime.date(2025, 4, 30)
    )
    return {"body": body, "chair": chair, "retired": retired}


def _meeting(body, year, month, day, status=MeetingStatus.MINUTES_CONFIRMED):
    return MeetingFactory(body=body, starts_at=london(year, month, day), status=status)


def test_the_committee_page_leads_to_its_meetings_by_municipal_year_and_its_feeds(client, committee):
    body = committee["body"]
    april = _meeting(body, 2026, 4, 30)
    may = _meeting(body, 2026, 5, 1, status=MeetingStatus.SCHEDULED)
    earlier = _meeting(body, 2024, 9, 10)
    with mock.patch("django.utils.timezone.now", return_value=datetime.datetime(2026, 4, 1, 12, tzinfo=datetime.UTC)):
        text = page(client, body.get_absolute_url())
        # The current municipal year (May 2025 to April 2026) by default, with links to the others.
        assert "Meetings in the municipal year 2025/26" in text
        assert april.get_absolute_url() in text and may.get_absolute_url() in text  # may: the next meetings
        assert earlier.get_absolute_url() not in text
        assert "?year=2024#meetings-year" in text and "?year=2026#meetings-year" in text
        assert reverse("scrutiny:meeting-ics", args=[may.pk]) in text
        assert reverse("scrutiny:feed-body", args=[body.slug]) in text
        assert reverse("scrutiny:work-programme", args=[body.slug]) in text
        assert reverse("scrutiny:attendance-body", args=[body.slug]) in text
        assert "Recommendations to the executive" in text
        older = page(client, body.get_absolute_url(), year="2024")
        assert "Meetings in the municipal year 2024/25" in older and earlier.get_absolute_url() in older
        assert april.get_absolute_url() not in older.split("Meetings in the municipal year")[1]
        # A year with no meetings falls back to the current year.
        assert "2025/26" in page(client, body.get_absolute_url(), year="1999")


def test_members_are_current_seats_with_role_and_party(client, committee):
    text = page(client, committee["body"].get_absolute_url())
    current = text.split("Current members of")[1].split("</table>")[0]
    assert "Anne Cole" in current and "Chair" in current and committee["chair"].party_name in current
    assert "Lee Hart" not in current


def test_a_working_group_page_has_no_public_feed_and_is_not_found_for_the_public(client, client_for):
    group = BodyFactory(kind=BodyKind.WORKING_GROUP)
    assert client.get(group.get_absolute_url()).status_code == 404
    text = page(client_for(UserFactory(roles=["Councillor"])), group.get_absolute_url())
    assert reverse("scrutiny:feed-body", args=[group.slug]) not in text
    assert reverse("scrutiny:attendance-body", args=[group.slug]) in text


def test_the_committee_page_is_a_fixed_number_of_queries(client, committee):
    body = committee["body"]
    _meeting(body, 2026, 1, 5)
    page(client, body.get_absolute_url())  # warm the caches (content types) first
    with CaptureQueriesContext(connection) as few:
        page(client, body.get_absolute_url())
    for day in range(1, 8):
        _meeting(body, 2026, 2, day)
        _meeting(body, 2024, 2, day)
        MembershipFactory(body=body, person=MemberFactory().user, start_date=datetime.date(2025, 5, 1))
    with CaptureQueriesContext(connection) as many:
        page(client, body.get_absolute_url())
    assert len(many) == len(few)


# A meeting's calendar file


def test_a_meeting_calendar_file_for_whoever_may_see_the_meeting(client, client_for):
    meeting = MeetingFactory(
        body=BodyFactory(name="Planning Committee", kind=BodyKind.COMMITTEE), starts_at=london(2026, 7, 1, 18)
    )
    response = client.get(reverse("scrutiny:meeting-ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]) == "Planning Committee"
    assert event.decoded("dtstart") == datetime.datetime(2026, 7, 1, 17, tzinfo=datetime.UTC)  # 6pm BST
    assert str(event["uid"]).startswith(f"meeting-{meeting.pk}@")
    assert meeting.get_absolute_url() in str(event["url"])
    internal = MeetingFactory(body=BodyFactory(kind=BodyKind.PROGRAMME_BOARD))
    assert client.get(reverse("scrutiny:meeting-ics", args=[internal.pk])).status_code == 404
    signed_in = client_for(UserFactory(roles=["Councillor"]))
    assert signed_in.get(reverse("scrutiny:meeting-ics", args=[internal.pk])).status_code == 200
    assert reverse("scrutiny:meeting-ics", args=[meeting.pk]) in page(client, meeting.get_absolute_url())


# The councillor page


def _decision(clerk, decision_maker, decided_on, *, publish=True, title="A decision"):
    with mock.patch("django.utils.timezone.now", return_value=WINTER):
        decision = executive_services.decision_record(
            by=clerk,
            decision_maker=decision_maker,
            portfolio=decision_maker.portfolio,
            decided_on=decided_on,
            title=title,
            decision="To do it.",
            reasons="Because.",
        )
        if publish:
            decision = executive_services.decision_notice_publish(decision=decision, by=clerk, on=decided_on)
    return decision


def _at(day: datetime.date):
    return mock.patch(
        "django.utils.timezone.now",
        return_value=datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC),
    )


def test_decisions_taken_as_a_cabinet_member_while_holding_the_portfolio(client):
    clerk = UserFactory(roles=["Democratic Services"])
    first, second = MemberFactory(), MemberFactory()
    with _at(datetime.date(2026, 5, 20)):
        portfolio = PortfolioFactory(title="Corporate Services", cabinet_member=first)
    maker = CabinetMemberDecisionMakerFactory(portfolio=portfolio)
    with _at(datetime.date(2026, 9, 1)):
        portfolio.cabinet_member = second
        portfolio.save()
    before = _decision(clerk, maker, datetime.date(2026, 7, 1), title="Close the Riverside depot")
    unpublished = _decision(clerk, maker, datetime.date(2026, 7, 2), title="Not yet published", publish=False)
    after = _decision(clerk, maker, datetime.date(2026, 10, 1), title="Name the new park")
    assert list(cabinet_member_decisions(first)) == [before]
    assert list(cabinet_member_decisions(second)) == [after]
    text = page(client, first.get_absolute_url())
    assert "Decisions taken as a Cabinet Member" in text
    assert before.get_absolute_url() in text
    assert after.title not in text and unpublished.title not in text
    assert "Decisions taken as a Cabinet Member" not in page(client, MemberFactory().get_absolute_url())


def test_the_councillor_page_shows_attendance_terms_and_seats(client, committee):
    chair = committee["chair"]
    meeting = _meeting(committee["body"], 2025, 6, 3)
    from scrutiny.models import Attendance

    Attendance.objects.create(meeting=meeting, person=chair.user, status="present")
    with mock.patch("django.utils.timezone.now", return_value=datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC)):
        text = page(client, chair.get_absolute_url())
    assert "Attendance in 2025/26" in text
    assert reverse("scrutiny:attendance-member", args=[chair.pk]) in text
    assert committee["body"].get_absolute_url() in text
    assert reverse("members:register-public", args=[chair.pk]) in text


def test_a_former_councillor_keeps_their_page(client):
    former = MemberFactory(term_ends_on=datetime.date(2024, 5, 5))
    text = page(client, former.get_absolute_url())
    assert "Former councillor" in text
    assert reverse("scrutiny:attendance-member", args=[former.pk]) in text


def test_the_councillor_page_is_a_fixed_number_of_queries(client, committee):
    chair = committee["chair"]
    clerk = UserFactory(roles=["Democratic Services"])
    with _at(datetime.date(2026, 5, 20)):
        portfolio = PortfolioFactory(cabinet_member=chair)
    maker = CabinetMemberDecisionMakerFactory(portfolio=portfolio)
    _decision(clerk, maker, datetime.date(2026, 7, 1))
    page(client, chair.get_absolute_url())  # warm the caches (content types) first
    with CaptureQueriesContext(connection) as few:
        page(client, chair.get_absolute_url())
    for day in range(2, 6):
        _decision(clerk, maker, datetime.date(2026, 7, day))
        other = BodyFactory()
        MembershipFactory(body=other, person=chair.user, start_date=datetime.date(2025, 5, 1))
        _meeting(other, 2026, 3, day)
    with CaptureQueriesContext(connection) as many:
        page(client, chair.get_absolute_url())
    assert len(many) == len(few)


def test_terms_of_office_come_from_the_elections_that_returned_them(client):
    from members.models import Contest, Election, ElectionKind, Outcome, Result

    member = MemberFactory()
    clerk = UserFactory(roles=["Democratic Services"])
    for poll, outcome, starts, ends in (
        (datetime.date(2019, 5, 2), Outcome.ELECTED, datetime.date(2019, 5, 6), datetime.date(2023, 5, 7)),
        (datetime.date(2023, 5, 4), Outcome.RE_ELECTED, datetime.date(2023, 5, 8), None),
    ):
        election = Election.objects.create(kind=ElectionKind.ORDINARY, poll_date=poll, recorded_by=clerk)
        contest = Contest.objects.create(election=election, ward=member.ward)
        Result.objects.create(contest=contest, member=member, outcome=outcome, term_starts_on=starts, term_ends_on=ends)
    text = page(client, member.get_absolute_url())
    terms = text.split("Terms of office of")[1].split("</table>")[0]
    assert terms.index("8 May 2023") < terms.index("6 May 2019")
    assert "re-elected" in terms and "7 May 2023" in terms and "The next election" in terms
