"""The Administrator imports the Manchester ModernGov files in the browser, and the public reads
them, in Chromium, with an accessibility check on every page."""

import pytest
from playwright.sync_api import expect

from council.roles import Role
from scrutiny.models import Meeting
from tests.factories import UserFactory
from tests.factories.council import PASSWORD
from tests.moderngov_kit import MANCHESTER

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_administrator_imports_manchester_from_moderngov_and_the_public_reads_it(page, browser, live_server):
    admin = UserFactory(
        first_name="Chris", last_name="Doyle", email="admin@northbridge.example", roles=[Role.ADMINISTRATOR]
    )
    sign_in(page, admin.email, PASSWORD)
    page.get_by_role("link", name="Import from ModernGov").click()
    assert_accessible(page)
    page.get_by_role("link", name="Upload ModernGov files").click()
    assert_accessible(page)

    # Nothing chosen: the form says so.
    page.get_by_role("button", name="Preview the import").click()
    assert "Select the saved ModernGov files" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    page.get_by_label("Saved ModernGov responses").set_input_files(sorted(str(p) for p in MANCHESTER.glob("*.xml")))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("heading", name="Check what will be imported")).to_be_visible()
    meetings_row = page.get_by_role("row", name="Meetings")
    expect(meetings_row).to_contain_text("2")
    assert not Meeting.objects.exists()  # a preview writes nothing
    assert_accessible(page)

    page.get_by_role("button", name="Confirm and import").click()
    # The worker is eager in the tests: the progress page finds the import done.
    expect(page.get_by_role("heading", name="Import complete")).to_be_visible()
    assert_accessible(page)
    assert Meeting.objects.count() == 2

    # The public (a new browser, not signed in) reads the committee, its member and its meetings.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    public = context.new_page()
    public.goto("/committees/")
    public.get_by_role("link", name="Audit Committee").click()
    expect(public.get_by_role("heading", name="Audit Committee")).to_be_visible()
    expect(public.get_by_text("Basil Curley").first).to_be_visible()
    assert_accessible(public)
    public.goto("/councillors/")
    expect(public.get_by_text("Basil Curley").first).to_be_visible()
    held = Meeting.objects.get(starts_at__date="2026-02-10")
    public.goto(held.get_absolute_url())
    expect(public.get_by_text("Council Antechamber, Level 2, Town Hall Extension").first).to_be_visible()
    assert_accessible(public)
    context.close()
