"""Cabinet business in private, in the browser: the clerk's agenda with an exempt item is refused
until its notices are given, the clerk gives them from the meeting, publishes the agenda, and the
public reads the notice without the exempt item's title."""

import datetime

import pytest
from django.utils import timezone

from council import permissions
from council.roles import Role
from scrutiny import services as scrutiny_services
from tests.factories import CabinetFactory, MeetingFactory, UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

EXEMPT_TITLE = "Terms offered to Brightwater Leisure Ltd"


def test_clerk_gives_the_private_notices_and_publishes_the_cabinet_agenda(page, live_server):
    clerk = UserFactory(email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES])
    cabinet = CabinetFactory()
    meeting = MeetingFactory(body=cabinet.body, starts_at=timezone.now() + datetime.timedelta(days=40))
    permissions.grant("members.change_body", clerk, meeting.body)
    scrutiny_services.agenda_item_add(
        meeting=meeting,
        by=clerk,
        title=EXEMPT_TITLE,
        exempt=True,
        exempt_paragraph=3,
        public_interest_reason="Commercial negotiations are still open.",
    )

    sign_in(page, "clerk@northbridge.example", PASSWORD)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/publish/")
    page.get_by_role("button", name="Publish").click()
    assert "no notice of intention" in page.content()

    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.get_by_role("link", name="Give the private meeting notices").click()
    assert_accessible(page)
    page.get_by_role("button", name="Give notice of intention").click()
    page.get_by_label("The business, as the public notice describes it").fill("Award of the leisure contract")
    page.get_by_label("Why it is to be taken in private").fill("The bidders' prices are commercially sensitive.")
    page.get_by_role("button", name="Publish the notice").click()
    assert "Notice of intention to hold it in private published" in page.content()
    page.get_by_role("button", name="Publish the further notice").click()
    assert_accessible(page)
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Publish the further notice").click()
    assert "Further notice published" in page.content()

    page.goto(f"{live_server.url}/meetings/{meeting.pk}/publish/")
    page.get_by_role("button", name="Publish").click()
    assert "no notice of intention" not in page.content()
    meeting.refresh_from_db()
    assert meeting.status == "agenda_published"
    page.context.clear_cookies()

    page.goto(f"{live_server.url}/executive/private-meetings/")
    assert "Award of the leisure contract" in page.content() and EXEMPT_TITLE not in page.content()
    assert_accessible(page)
