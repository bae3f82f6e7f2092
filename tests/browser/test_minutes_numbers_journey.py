"""The clerk writes the minutes with a recorded vote, sees each minute's number, cannot confirm them
while an item has no minute, and confirms them at the next meeting, whose minute names them (issue 16)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from council import permissions
from council.roles import Role
from members.models import MembershipRole
from scrutiny import services
from scrutiny.models import MeetingStatus
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory, UserFactory
from tests.factories.council import PASSWORD
from tests.factories.scrutiny import london

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _seat(body, first_name, last_name, role=MembershipRole.MEMBER):
    person = MemberFactory(user__first_name=first_name, user__last_name=last_name).user
    MembershipFactory(body=body, person=person, role=role, start_date=datetime.date(2024, 5, 1))
    return person


def _meeting(body, clerk, when, *titles):
    meeting = MeetingFactory(body=body, starts_at=when)
    services.agenda_insert_standard_items(meeting=meeting, by=clerk)
    for title in titles:
        services.agenda_item_add(meeting=meeting, by=clerk, title=title)
    services.agenda_publish(meeting=meeting, by=clerk, today=when.date() - datetime.timedelta(days=14))
    return meeting


def _cast(page, person: str, choice: str):
    page.get_by_role("group", name=re.compile(person)).get_by_label(choice, exact=True).check()


def test_clerk_numbers_minutes_records_a_vote_and_confirms_them_at_the_next_meeting(page):
    clerk = UserFactory(email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES])
    body = BodyFactory(name="Overview and Scrutiny Committee")
    permissions.grant("members.change_body", clerk, body)
    members = [
        _seat(body, "Alice", "Ward", MembershipRole.CHAIR),
        _seat(body, "Ben", "Cole"),
        _seat(body, "Jo", "Baines"),
    ]
    june = _meeting(body, clerk, london(2026, 6, 10, 18), "Leisure contract award", "Forward plan")
    services.meeting_mark_held(meeting=june, by=clerk, now=london(2026, 6, 10, 21))
    services.attendance_record(
        meeting=june, entries=[(p, "present", None, "") for p in members], by=clerk, today=datetime.date(2026, 6, 10)
    )
    july = _meeting(body, clerk, london(2026, 7, 8, 18), "Budget monitoring")

    sign_in(page, clerk.email, PASSWORD)
    page.goto(june.get_absolute_url())
    page.get_by_role("link", name="Minutes of this meeting").click()
    # Each item has its number, continuous from the start of the municipal year.
    expect(page.locator("#main-content")).to_contain_text("OSC 4/26 Leisure contract award")
    expect(page.locator("#main-content")).to_contain_text("OSC 5/26 Forward plan")
    assert_accessible(page)

    page.get_by_role("link", name="Write the minute of Leisure contract award").click()
    page.get_by_label("Minute").fill("The Assistant Chief Executive introduced the report.")
    page.get_by_role("button", name="Save minute").click()
    page.get_by_role("link", name="Add a resolution to Leisure contract award").click()
    page.get_by_label("Resolution").fill("Resolved that the contract be awarded.")
    page.get_by_role("button", name="Add resolution").click()
    page.get_by_role("link", name=re.compile("^Record the vote")).click()
    page.get_by_role("group", name="Result").get_by_label("Carried", exact=True).check()
    page.get_by_label("A recorded vote was asked for").check()
    _cast(page, "Alice Ward", "For")
    _cast(page, "Ben Cole", "For")
    _cast(page, "Jo Baines", "Against")
    page.get_by_role("button", name="Save vote").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Vote recorded")
    minutes = page.locator("main").inner_text()
    assert "Carried (2 for, 1 against, 0 abstentions)" in minutes and "Recorded vote" in minutes
    assert "No declarations of interest were made." in minutes

    # No later meeting has been held: the page says so and leads to the next one.
    page.get_by_role("button", name="Confirm the minutes").click()
    expect(page.locator(".app-minutes__next-meeting")).to_contain_text("No later meeting")
    assert_accessible(page)
    page.get_by_role("link", name="Go to the next meeting, on 8 July 2026").click()
    expect(page.locator("h1")).to_contain_text("8 July 2026")
    page.get_by_role("link", name="Minutes of this meeting").click()
    page.get_by_role("button", name="Mark the meeting as held").click()
    expect(page.locator("#main-content")).to_contain_text("OSC 9/26 Budget monitoring")

    # The next meeting is held, but items of June's minutes are still blank: refused.
    page.goto(june.get_absolute_url() + "minutes/confirm/")
    page.get_by_role("button", name="Confirm minutes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "3 items have no minute: OSC 1/26 Apologies for absence and substitutions; "
        "OSC 3/26 Minutes of the previous meeting; OSC 5/26 Forward plan"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Back to the minutes").click()
    for title in ("Apologies for absence and substitutions", "Minutes of the previous meeting", "Forward plan"):
        page.get_by_role("button", name=f"Record “{title}” as noted").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("minuted as noted")
    page.get_by_role("button", name="Confirm the minutes").click()
    page.get_by_role("button", name="Confirm minutes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("confirmed as a correct record")
    june.refresh_from_db()
    assert june.status == MeetingStatus.MINUTES_CONFIRMED

    # The confirming meeting's minute names them.
    page.goto(july.get_absolute_url())
    page.get_by_role("link", name="Minutes of this meeting").click()
    expect(page.locator("#main-content")).to_contain_text(
        "Resolved that the minutes of the meeting held on 10 June 2026 (minutes OSC 1/26 to OSC 5/26) be "
        "confirmed as a correct record and signed by the Chair."
    )
    assert_accessible(page)
