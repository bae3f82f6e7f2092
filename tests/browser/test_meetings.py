"""A clerk schedules a meeting and is shown the last day to publish its agenda."""

import pytest

from council import permissions
from council.roles import Role
from scrutiny.models import Meeting
from tests.factories import BodyFactory, UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_clerk_schedules_a_meeting_and_sees_when_to_publish_the_agenda(page):
    clerk = UserFactory(email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES])
    body = BodyFactory(name="Social and Community Overview and Scrutiny Committee")
    permissions.grant("members.change_body", clerk, body)

    sign_in(page, clerk.email, PASSWORD)
    page.get_by_role("link", name="Meetings", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Schedule a meeting").click()
    assert_accessible(page)

    page.get_by_label("Committee").select_option(label=body.name)
    page.get_by_label("Date").fill("2027-04-01")
    page.get_by_label("Start time").fill("18:00")
    page.get_by_role("button", name="Schedule meeting").click()
    # Refused without a place; what was typed stays.
    assert "Enter a venue or a link to join remotely" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Date").input_value() == "2027-04-01"
    assert_accessible(page)

    page.get_by_label("Venue").fill("Committee Room 1, Town Hall")
    page.get_by_role("button", name="Schedule meeting").click()

    # Five clear working days before Thursday 1 April 2027, over Good Friday and Easter Monday.
    assert "Publish the agenda by Monday 22 March 2027" in page.locator(".govuk-notification-banner").inner_text()
    assert "Monday 22 March 2027" in page.locator(".govuk-summary-list").inner_text()
    assert_accessible(page)
    assert Meeting.objects.filter(body=body, venue="Committee Room 1, Town Hall").exists()


def test_clerk_builds_and_publishes_the_agenda_and_the_public_reads_it(page, browser, live_server):
    import datetime

    from django.utils import timezone

    from tests.factories import MeetingFactory

    clerk = UserFactory(email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES])
    meeting = MeetingFactory(
        body__name="Overview and Scrutiny Committee",
        starts_at=timezone.now().replace(hour=18, minute=0) + datetime.timedelta(days=42),
    )
    permissions.grant("members.change_body", clerk, meeting.body)

    sign_in(page, clerk.email, PASSWORD)
    page.goto(meeting.get_absolute_url())
    page.get_by_role("button", name="Add the standard items").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add an item").click()
    page.get_by_label("Title").fill("Strategic Commissioning")
    page.get_by_label("Report", exact=True).check()
    page.get_by_label("Time allowed in minutes (optional)").fill("30")
    page.get_by_role("button", name="Add item").click()
    assert_accessible(page)
    page.get_by_role("button", name="Move up Strategic Commissioning").click()
    agenda = page.locator(".app-agenda").inner_text()
    assert agenda.index("Strategic Commissioning") < agenda.index("Minutes of the previous meeting")

    page.get_by_role("button", name="Publish the agenda").click()
    assert "meets the 5-day deadline" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Publish agenda").click()
    assert "Agenda published" in page.locator(".govuk-notification-banner").inner_text()

    # The public, signed out, reads the published agenda.
    public = browser.new_context(base_url=live_server.url).new_page()
    public.goto(meeting.get_absolute_url())
    assert "Strategic Commissioning" in public.locator(".app-agenda").inner_text()
    assert "On time." in public.locator("main").inner_text()
    assert_accessible(public)
    public.context.close()
