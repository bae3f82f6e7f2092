"""The packs journey of issue #4, as the people make it: the public and the members' confidential
packs of the Strategic Commissioning meeting are built when its agenda is published, a clerk
rebuilds one and downloads both; a councillor who is not on the committee can download only the
public one."""

import re
import subprocess

import pikepdf
import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from council import permissions
from council.roles import Role
from scrutiny import services
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory, UserFactory
from tests.factories.council import PASSWORD
from tests.factories.scrutiny import london

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

EXEMPT_WORDS = "Tender prices from the leisure operator"


def pdf(words: str) -> SimpleUploadedFile:
    content = weasyprint.HTML(string=f"<html lang='en-GB'><body><p>{words}</p></body></html>").write_pdf()
    return SimpleUploadedFile("paper.pdf", content, content_type="application/pdf")


def text_of(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def build(page, label):
    page.get_by_role("button", name=re.compile(rf"Rebuild\s*: {label}")).click()
    # The build runs in the worker (eagerly in tests); the progress page says when it is done.
    expect(page.locator("main")).to_contain_text("Download", timeout=20_000)
    assert_accessible(page)


def test_clerk_builds_both_packs_and_a_councillor_off_the_committee_gets_only_the_public_one(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    clerk = UserFactory(email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES])
    body = BodyFactory(name="Overview and Scrutiny Committee")
    permissions.grant("members.change_body", clerk, body)
    MembershipFactory(body=body, person=MemberFactory().user)
    outsider = MemberFactory(user__email="outsider@northbridge.example").user
    meeting = MeetingFactory(body=body, starts_at=london(2027, 1, 14, 18))
    item = services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning", minutes_allowed=30)
    services.document_add(
        item=item, upload=pdf("The move to strategic commissioning"), title="Report", kind="report", by=clerk
    )
    exempt = services.agenda_item_add(
        meeting=meeting,
        by=clerk,
        title="Leisure centres management contract",
        exempt=True,
        exempt_paragraph=3,
        public_interest_reason="Commercial terms under negotiation",
    )
    services.document_add(item=exempt, upload=pdf(EXEMPT_WORDS), title="Commercial terms", kind="report", by=clerk)
    services.agenda_publish(meeting=meeting, by=clerk)

    # Both packs were built on publication (the worker runs eagerly in tests); the clerk rebuilds the
    # public pack, and downloads both.
    sign_in(page, clerk.email, PASSWORD)
    page.goto(meeting.get_absolute_url())
    assert_accessible(page)
    expect(page.locator("#packs ~ .app-packs .govuk-tag", has_text="Ready")).to_have_count(2)
    build(page, "agenda: public pack")
    page.goto(meeting.get_absolute_url())
    downloads = {}
    for label in ("agenda: public pack", "agenda: members’ confidential pack"):
        with page.expect_download() as event:
            page.get_by_role("link", name=f"Download the {label}").click()
        downloads[label] = tmp_path / event.value.suggested_filename
        event.value.save_as(downloads[label])
    public, confidential = downloads.values()
    assert EXEMPT_WORDS not in text_of(public)
    assert "Not for publication by virtue of paragraph 3" in text_of(public)
    assert EXEMPT_WORDS in text_of(confidential)
    assert "Exempt" in text_of(confidential)
    with pikepdf.open(public) as document:
        assert str(document.Root.Lang) == "en-GB"
        assert document.open_metadata().get("dc:title")
    page.get_by_role("button", name="Sign out").click()

    # A councillor who does not sit on the committee sees and downloads only the public pack.
    sign_in(page, outsider.email, PASSWORD)
    page.goto(meeting.get_absolute_url())
    expect(page.get_by_role("link", name="Download the agenda: public pack")).to_be_visible()
    expect(page.get_by_role("link", name="Download the agenda: members’ confidential pack")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Build the pack|Rebuild"))).to_have_count(0)
    assert_accessible(page)
    response = page.request.get(f"/packs/agenda/{meeting.pk}/confidential/")
    assert response.status == 404
