"""The clerk's meeting cycle (issue 16): the agenda is published with a double click and shows as
published, its packs build on their own and the clerk follows them to ready by refreshing the page;
business added in good time goes out as "Supplementary agenda 1"; the meeting is then cancelled and
the public page keeps the notice, saying when and why."""

import datetime
import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from council import calendar, permissions
from council.packs import services as pack_services
from council.roles import Role
from members.models import MembershipRole
from scrutiny import services
from scrutiny.models import Meeting, Publication
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory, UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "The Chair is unwell and the business can wait for the next meeting"


def a_pdf() -> SimpleUploadedFile:
    out = io.BytesIO()
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(out)
    return SimpleUploadedFile("paper.pdf", out.getvalue(), content_type="application/pdf")


def a_day_with_clear_working_days(count: int) -> datetime.date:
    today = timezone.localdate()
    day = today + datetime.timedelta(days=1)
    while calendar.clear_working_days(today, day) < count or not calendar.is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


@pytest.fixture
def broker(monkeypatch):
    """The broker with no worker yet: each pack build sent to it waits here until ``work`` runs it
    as the worker would, so the clerk sees the builds queued, then ready."""
    from council.packs.tasks import build_pack

    waiting: list[int] = []
    monkeypatch.setattr(pack_services, "_send", waiting.append)  # the sweeper's re-sends
    # What the outbox hands the broker after the publication commits (council/outbox).
    monkeypatch.setattr(build_pack, "apply_async", lambda args, kwargs=None, **options: waiting.append(args[0]))

    def work():
        while waiting:
            pack_services.run_build(waiting.pop(0))

    return work


def test_clerk_publishes_with_a_double_click_follows_the_packs_adds_a_supplement_and_cancels(
    page, browser, live_server, broker, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    clerk = UserFactory(email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES])
    body = BodyFactory(name="Overview and Scrutiny Committee")
    permissions.grant("members.change_body", clerk, body)
    chair = MemberFactory(user__first_name="Michael", user__last_name="Brennan")
    MembershipFactory(body=body, person=chair.user, role=MembershipRole.CHAIR)
    day = a_day_with_clear_working_days(10)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(18)))
    meeting = MeetingFactory(body=body, starts_at=starts_at)
    item = services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning", minutes_allowed=30)
    services.document_add(item=item, upload=a_pdf(), title="Report", kind="report", by=clerk)
    exempt = services.agenda_item_add(
        meeting=meeting, by=clerk, title="Leisure centres management contract", exempt=True, exempt_paragraph=3,
        public_interest_reason="Commercial terms under negotiation",
    )  # fmt: skip
    services.document_add(item=exempt, upload=a_pdf(), title="Commercial terms", kind="report", by=clerk)

    sign_in(page, clerk.email, PASSWORD)
    page.goto(meeting.get_absolute_url())
    page.get_by_role("button", name="Publish the agenda").click()
    assert_accessible(page)

    # A double click on Publish, in a browser without JavaScript (nothing stops the second click):
    # the clerk sees the published agenda, not an error.
    impatient = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False, storage_state=page.context.storage_state()
    )
    double = impatient.new_page()
    double.goto(page.url)
    double.get_by_role("button", name="Publish agenda").dblclick()
    double.wait_for_load_state()
    assert "Agenda published" in double.locator(".govuk-notification-banner").first.inner_text()
    assert double.locator(".govuk-error-summary").count() == 0
    impatient.close()
    assert Publication.objects.filter(meeting=meeting).count() == 1

    # The packs are queued on publication: the page shows each one's state and how to follow it.
    page.goto(f"{meeting.get_absolute_url()}?packs=progress#packs")
    packs = page.locator(".app-packs")
    expect(packs.locator(".govuk-tag", has_text="Queued")).to_have_count(2)
    assert "The agenda packs are ready" not in page.locator("main").inner_text()
    assert_accessible(page)
    broker()  # the worker builds them
    page.get_by_role("link", name="refresh it to see their progress").click()
    expect(packs.locator(".govuk-tag", has_text="Ready")).to_have_count(2)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The agenda packs are ready")
    expect(page.get_by_role("link", name="Download the agenda: public pack")).to_be_visible()
    assert_accessible(page)

    # Business added in good time goes out as supplementary agenda 1, ordinary business.
    page.get_by_role("button", name="Add an item").click()
    assert "will go out in supplementary agenda 1" in page.locator("main").inner_text()
    page.get_by_label("Title").fill("Budget monitoring: quarter 2")
    page.get_by_label("Report", exact=True).check()
    page.get_by_role("button", name="Add item").click()
    page.get_by_role("button", name="Publish supplementary agenda 1").click()
    assert "no urgency is needed" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Publish supplementary agenda").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text("Supplementary agenda 1 published")
    main = page.locator("main").inner_text()
    assert "Supplementary agenda 1" in main and "Urgent business" not in main
    expect(packs.locator(".govuk-tag", has_text="Queued")).to_have_count(1)
    broker()
    page.get_by_role("link", name="refresh it to see their progress").click()
    expect(packs.locator(".govuk-tag", has_text="Ready")).to_have_count(3)
    expect(page.get_by_role("link", name="Download the supplementary agenda 1: public pack")).to_be_visible()
    assert_accessible(page)

    # The meeting is cancelled: nothing on it can be changed, and the page says when and why.
    page.get_by_role("link", name="Cancel this meeting").click()
    page.get_by_label("Why is the meeting cancelled?").fill(REASON)
    page.get_by_role("button", name="Cancel meeting").click()
    meeting = Meeting.objects.get(pk=meeting.pk)
    notice = f"This meeting was cancelled on {timezone.localtime(meeting.cancelled_at):%A %-d %B %Y}."
    expect(page.locator("main")).to_contain_text(notice)
    expect(page.get_by_role("button", name="Add an item")).to_have_count(0)
    expect(page.get_by_role("link", name="Upload a document for Strategic Commissioning")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # The public page keeps the notice, and the published agenda.
    page.goto(meeting.get_absolute_url())
    main = page.locator("main").inner_text()
    assert notice in main and f"Reason: {REASON}" in main
    assert "Strategic Commissioning" in main
    assert_accessible(page)
