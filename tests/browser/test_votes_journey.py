"""The clerk minutes a recorded vote as it happened in the room (issue 13): a member who declared a
disclosable pecuniary interest and holds no dispensation is refused by name, and the minutes print
who voted how and who did not take part."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from council import permissions
from council.roles import Role
from members.models import MembershipRole
from scrutiny import services
from scrutiny.models import Vote
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory, UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

REFUSAL = "Ravi Patel declared a disclosable pecuniary interest in this item and has no dispensation to vote"


def _seat(body, first_name, last_name, role=MembershipRole.MEMBER):
    person = MemberFactory(user__first_name=first_name, user__last_name=last_name).user
    MembershipFactory(body=body, person=person, role=role, start_date=datetime.date(2024, 5, 1))
    return person


def _cast(page, person: str, choice: str):
    page.get_by_role("group", name=re.compile(person)).get_by_label(choice, exact=True).check()


def test_clerk_minutes_a_recorded_vote_and_a_member_with_an_interest_cannot_vote(page):
    clerk = UserFactory(email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES])
    body = BodyFactory(name="Overview and Scrutiny Committee")
    permissions.grant("members.change_body", clerk, body)
    chair = _seat(body, "Alice", "Ward", MembershipRole.CHAIR)
    vice = _seat(body, "Ben", "Cole", MembershipRole.VICE_CHAIR)
    ravi = _seat(body, "Ravi", "Patel")
    jo = _seat(body, "Jo", "Baines")
    started = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0) - datetime.timedelta(days=1)
    meeting = MeetingFactory(body=body, starts_at=started)
    item = services.agenda_item_add(meeting=meeting, by=clerk, title="Leisure contract award")
    services.agenda_publish(meeting=meeting, by=clerk, today=meeting.date - datetime.timedelta(days=14))
    services.meeting_mark_held(meeting=meeting, by=clerk)
    services.attendance_record(
        meeting=meeting, entries=[(person, "present", None, "") for person in (chair, vice, ravi, jo)], by=clerk
    )
    services.declaration_add(
        item=item, person=ravi, kind="dpi", nature="Director of a bidder", left_room=False, by=clerk
    )
    minute = services.minute_write(item=item, text="The committee considered the award.", by=clerk)
    services.resolution_add(minute=minute, text="Resolved that the contract be awarded.", by=clerk)

    sign_in(page, clerk.email, PASSWORD)
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Minutes of this meeting").click()
    page.get_by_role("link", name=re.compile("^Record the vote")).click()
    assert_accessible(page)

    # The clerk marks Ravi Patel's vote as the room saw it: the service refuses it, by name.
    page.get_by_role("group", name="Result").get_by_label("Carried", exact=True).check()
    page.get_by_label("A recorded vote was asked for").check()
    _cast(page, "Alice Ward", "For")
    _cast(page, "Ben Cole", "For")
    _cast(page, "Ravi Patel", "For")
    _cast(page, "Jo Baines", "Against")
    page.get_by_role("button", name="Save vote").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(REFUSAL)
    assert_accessible(page)
    assert not Vote.objects.exists()

    # What was typed is still there; the clerk corrects Ravi Patel's line and saves.
    expect(page.get_by_role("group", name=re.compile("Jo Baines")).get_by_label("Against", exact=True)).to_be_checked()
    _cast(page, "Ravi Patel", "Did not vote")
    page.get_by_role("button", name="Save vote").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Vote recorded")
    minutes = page.locator("main").inner_text()
    assert "Carried (2 for, 1 against, 0 abstentions)" in minutes
    assert "Recorded vote" in minutes and "Alice Ward" in minutes and "Jo Baines" in minutes
    assert "did not take part" in minutes
    assert_accessible(page)
