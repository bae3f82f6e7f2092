"""The minutes PDF journey of issue 16: the clerk builds the confirmed minutes as a PDF from the
minutes page and downloads it, signed off with the Chair's line; the public downloads the same
public edition from the meeting page, without the exempt minute."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from council import permissions
from council.roles import Role
from scrutiny import selectors, services
from tests.factories import BodyFactory, MeetingFactory, UserFactory
from tests.factories.council import PASSWORD
from tests.factories.scrutiny import london

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

EXEMPT_MINUTE = "The leisure operator's bid was the lowest of three"


def text_of(path) -> str:
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())


def test_clerk_publishes_the_confirmed_minutes_as_a_pdf_and_the_public_downloads_them(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    clerk = UserFactory(email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES])
    body = BodyFactory(name="Overview and Scrutiny Committee")
    permissions.grant("members.change_body", clerk, body)
    meeting = MeetingFactory(body=body, starts_at=london(2026, 10, 15, 18))
    services.agenda_insert_standard_items(meeting=meeting, by=clerk)
    item = services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    exempt = services.agenda_item_add(
        meeting=meeting, by=clerk, title="Leisure contract award", exempt=True, exempt_paragraph=3,
        public_interest_reason="Commercial terms",
    )  # fmt: skip
    services.agenda_publish(meeting=meeting, by=clerk, today=london(2026, 10, 1).date())
    services.meeting_mark_held(meeting=meeting, by=clerk, now=london(2026, 10, 15, 21))
    services.minute_write(item=item, text="The Assistant Chief Executive introduced the report.", by=clerk)
    services.minute_write(item=exempt, text=EXEMPT_MINUTE, public_summary="Tenders were considered.", by=clerk)
    for blank in selectors.blank_items(meeting):  # every item minuted before the minutes are confirmed
        services.minute_noted(item=blank, by=clerk)
    later = MeetingFactory(body=body, starts_at=london(2026, 11, 19, 18))
    services.agenda_insert_standard_items(meeting=later, by=clerk)
    services.agenda_publish(meeting=later, by=clerk, today=london(2026, 11, 5).date())
    services.meeting_mark_held(meeting=later, by=clerk, now=london(2026, 11, 19, 21))
    services.minutes_confirm(meeting=meeting, confirmed_at_meeting=later, by=clerk)

    sign_in(page, clerk.email, PASSWORD)
    page.goto(f"/meetings/{meeting.pk}/minutes/")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"Build the pack\s*: confirmed minutes: public edition")).click()
    expect(page.locator("main")).to_contain_text("Download", timeout=20_000)
    page.goto(meeting.get_absolute_url())
    with page.expect_download() as event:
        page.get_by_role("link", name="Download the confirmed minutes: public edition").click()
    signed = tmp_path / event.value.suggested_filename
    event.value.save_as(signed)
    text = text_of(signed)
    assert "Confirmed as a correct record at the meeting of the Overview and Scrutiny Committee" in text
    assert re.search(r"Chair \.+ Date \.+", text)
    page.get_by_role("button", name="Sign out").click()

    page.goto(meeting.get_absolute_url())
    expect(page.get_by_role("heading", name="Minutes as a PDF")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as event:
        page.get_by_role("link", name="Download the confirmed minutes: public edition").click()
    public = tmp_path / ("public-" + event.value.suggested_filename)
    event.value.save_as(public)
    assert "Tenders were considered." in text_of(public)
    assert EXEMPT_MINUTE not in text_of(public)
    expect(page.get_by_role("link", name=re.compile("members’ confidential edition"))).to_have_count(0)
