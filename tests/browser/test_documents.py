"""A clerk uploads the papers for an agenda item."""

import pytest

from council import permissions
from council.roles import Role
from scrutiny import services
from scrutiny.models import SupportingDocument
from tests.factories import MeetingFactory, UserFactory
from tests.factories.council import PASSWORD
from tests.test_documents import pdf_bytes

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_clerk_uploads_a_report_to_an_agenda_item(page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    clerk = UserFactory(email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES])
    meeting = MeetingFactory(body__name="Overview and Scrutiny Committee")
    permissions.grant("members.change_body", clerk, meeting.body)
    item = services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    report = tmp_path / "strategic-commissioning.pdf"
    report.write_bytes(pdf_bytes(pages=4))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 this file was cut short")

    sign_in(page, clerk.email, PASSWORD)
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Upload a document for Strategic Commissioning").click()
    assert_accessible(page)

    # A damaged PDF is refused, with the GOV.UK error summary linking to the file field.
    page.get_by_label("Title").fill("Report of the Assistant Chief Executive")
    page.get_by_label("Upload a file").set_input_files(str(broken))
    page.get_by_role("button", name="Upload document").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "The file is not a valid PDF. Check it opens, then upload it again" in summary
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    assert not SupportingDocument.objects.exists()

    page.get_by_label("Upload a file").set_input_files(str(report))
    page.get_by_role("button", name="Upload document").click()
    assert "added" in page.locator(".govuk-notification-banner").inner_text()
    listed = page.locator(f"#item-{item.pk} .app-documents").inner_text()
    assert "Report of the Assistant Chief Executive" in listed and "4 pages" in listed
    assert_accessible(page)
    assert SupportingDocument.objects.get().page_count == 4
