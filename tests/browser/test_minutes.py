"""A clerk minutes a meeting and sees its "bring back" resolution on the committee's work programme."""

import datetime

import pytest
from django.utils import timezone

from council import permissions
from council.roles import Role
from scrutiny import services
from scrutiny.models import WorkProgrammeEntry
from tests.factories import BodyFactory, MeetingFactory, UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

RESOLUTION = (
    "Resolved that the report be noted and a Commissioning work plan is brought back to this committee "
    "as soon as it is available."
)


def test_clerk_minutes_the_meeting_and_the_work_plan_lands_on_the_work_programme(page):
    clerk = UserFactory(email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES])
    body = BodyFactory(name="Overview and Scrutiny Committee", slug="overview-and-scrutiny-committee")
    permissions.grant("members.change_body", clerk, body)
    started = timezone.now().replace(hour=18, minute=0, second=0, microsecond=0) - datetime.timedelta(days=1)
    meeting = MeetingFactory(body=body, starts_at=started)
    # Only published business can be minuted: the agenda went out in good time.
    services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    services.agenda_publish(meeting=meeting, by=clerk, today=meeting.date - datetime.timedelta(days=14))

    sign_in(page, clerk.email, PASSWORD)
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Minutes of this meeting").click()
    assert_accessible(page)
    page.get_by_role("button", name="Mark the meeting as held").click()
    assert "marked as held" in page.locator(".govuk-notification-banner").inner_text()

    page.get_by_role("link", name="Write the minute of Strategic Commissioning").click()
    page.get_by_role("button", name="Save minute").click()
    assert "Enter the minute" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Minute", exact=True).fill(
        "The Assistant Chief Executive introduced the report.\n\nThe Chair asked for a schedule of reviews."
    )
    page.get_by_role("button", name="Save minute").click()
    assert "Draft: not yet confirmed" in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Add a resolution to Strategic Commissioning").click()
    page.get_by_label("Resolution").fill(RESOLUTION)
    page.get_by_role("button", name="Add resolution").click()

    page.get_by_role("link", name="Add an action to the resolution").click()
    page.get_by_label("What is to be done").fill("Bring the Commissioning work plan back to the committee")
    page.get_by_label("Or, if not a person, who will do it (optional)").fill("Cabinet")
    page.get_by_role("button", name="Add action").click()
    assert "say it is due as soon as it is available" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Due as soon as it is available").check()
    page.get_by_label("To be brought back to this committee").check()
    page.get_by_role("button", name="Add action").click()
    assert "on the committee's work programme" in page.locator(".govuk-notification-banner").inner_text()
    assert "as soon as it is available" in page.locator("main").inner_text()

    page.get_by_role("link", name="Work programme").first.click()
    unscheduled = page.locator("main").inner_text()
    assert "Bring the Commissioning work plan back to the committee" in unscheduled
    assert_accessible(page)
    assert WorkProgrammeEntry.objects.filter(body=body, status="proposed").count() == 1
