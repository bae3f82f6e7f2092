"""A resident finds a committee, follows it to its next meeting and adds the meeting to their calendar."""

import datetime

import pytest
from django.utils import timezone

from members.models import BodyKind, MembershipRole
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_finds_a_committees_next_meeting_and_adds_it_to_their_calendar(page):
    body = BodyFactory(
        name="Environment Overview and Scrutiny Committee",
        kind=BodyKind.OVERVIEW_SCRUTINY,
        terms_of_reference="Scrutinises waste, transport and climate policy.",
    )
    chair = MemberFactory(user__first_name="Anne", user__last_name="Cole")
    MembershipFactory(body=body, person=chair.user, role=MembershipRole.CHAIR, start_date=datetime.date(2025, 5, 1))
    when = timezone.localtime().replace(hour=18, minute=30, second=0, microsecond=0) + datetime.timedelta(days=10)
    meeting = MeetingFactory(body=body, starts_at=when, venue="Council Chamber, Town Hall")

    page.goto("/committees/")
    page.get_by_role("link", name=body.name).click()
    assert "Scrutinises waste, transport and climate policy." in page.content()
    assert "Anne Cole" in page.locator("table").first.inner_text()
    assert_accessible(page)

    page.get_by_role("link", name=when.strftime("%A %-d %B %Y") + ", 6:30pm").first.click()
    assert page.url.endswith(meeting.get_absolute_url())
    assert_accessible(page)

    with page.expect_download() as event:
        page.get_by_role("link", name="Add this meeting to your calendar (.ics file)").click()
    download = event.value
    assert download.suggested_filename == f"meeting-{meeting.pk}.ics"
    with open(download.path(), encoding="utf-8") as file:
        text = file.read()
    assert "BEGIN:VEVENT" in text and "SUMMARY:Environment Overview and Scrutiny Committee" in text
