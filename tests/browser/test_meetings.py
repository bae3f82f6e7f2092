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
