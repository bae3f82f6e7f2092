"""A resident finds the next meeting from the public home, on a narrow screen and by keyboard."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from members.models import BodyKind
from tests.factories import BodyFactory, MeetingFactory

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def assert_reflows(page):
    """WCAG 1.4.10: at 320 CSS pixels nothing makes the page scroll sideways."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url


def test_a_resident_finds_the_next_meeting_from_the_home_page_by_keyboard(page):
    body = BodyFactory(name="Audit and Governance Committee", kind=BodyKind.COMMITTEE)
    # Two days ahead is always this week or next week, whatever day the test runs.
    meeting = MeetingFactory(
        body=body, starts_at=timezone.now() + datetime.timedelta(days=2), venue="Council Chamber, Town Hall"
    )
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto("/")
    expect(page.get_by_role("heading", level=2, name="Next meetings")).to_be_visible()
    assert_accessible(page)
    assert_reflows(page)

    # Only the keyboard: Tab to the meeting's link and follow it.
    link = page.locator(f'main a[href="{meeting.get_absolute_url()}"]')
    for _ in range(60):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("The meeting's link cannot be reached with the Tab key")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(re.escape(meeting.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Meeting on")
    assert "Council Chamber, Town Hall" in page.locator("main").inner_text()
    assert_accessible(page)
    assert_reflows(page)
