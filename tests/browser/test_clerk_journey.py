"""The clerk's whole journey for one meeting, as the meetings issue describes it, then a councillor
reads the published agenda."""

import pikepdf
import pytest
from django.utils import timezone

from council import permissions
from council.roles import Role
from members.models import MembershipRole
from scrutiny.models import Meeting, Publication, WorkProgrammeEntry
from tests.factories import BodyFactory, MemberFactory, MembershipFactory, UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

RESOLUTION = (
    "Resolved that the report be noted and a Commissioning work plan is brought back to this committee "
    "as soon as it is available."
)


def test_clerk_publishes_agenda_and_records_resolution(page, browser, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    report = tmp_path / "strategic-commissioning.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(report)
    clerk = UserFactory(email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES])
    body = BodyFactory(name="Overview and Scrutiny Committee")
    permissions.grant("members.change_body", clerk, body)
    chair = MemberFactory(
        user__first_name="Michael", user__last_name="Brennan", user__email="chair@northbridge.example"
    )
    mclain = MemberFactory(user__first_name="Alan", user__last_name="McLain", user__email="mclain@northbridge.example")
    MembershipFactory(body=body, person=chair.user, role=MembershipRole.CHAIR)
    MembershipFactory(body=body, person=mclain.user)
    today = timezone.localdate()

    # The clerk creates a meeting that starts just after midnight today: far too late to publish on time.
    sign_in(page, clerk.email, PASSWORD)
    page.get_by_role("link", name="Meetings", exact=True).click()
    page.get_by_role("button", name="Schedule a meeting").click()
    page.get_by_label("Committee").select_option(label=body.name)
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Start time").fill("00:01")
    page.get_by_label("Venue").fill("Council Chamber, Town Hall")
    page.get_by_role("button", name="Schedule meeting").click()
    assert_accessible(page)
    meeting = Meeting.objects.get(body=body)

    # The Strategic Commissioning item, with its report.
    page.get_by_role("button", name="Add an item").click()
    page.get_by_label("Title").fill("Strategic Commissioning")
    page.get_by_label("Report", exact=True).check()
    page.get_by_label("Time allowed in minutes (optional)").fill("30")
    page.get_by_role("button", name="Add item").click()
    page.get_by_role("link", name="Upload a document for Strategic Commissioning").click()
    page.get_by_label("Title").fill("Report of the Assistant Chief Executive")
    page.get_by_label("Upload a file").set_input_files(str(report))
    page.get_by_role("button", name="Upload document").click()
    assert "Report of the Assistant Chief Executive" in page.locator("main").inner_text()
    assert_accessible(page)

    # Publishing is refused as too late without a reason, then accepted as urgent business.
    page.get_by_role("button", name="Publish the agenda").click()
    assert "You can only publish now as urgent business" in page.locator("main").inner_text()
    page.get_by_role("button", name="Publish agenda").click()
    assert "enter why the business is urgent" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Why is the business urgent?").fill("Council meets next week and needs the committee's view")
    # s.100B(4)(b): the Chair's agreement that it is urgent, recorded with the date.
    page.get_by_label("Chair who agreed it is urgent").select_option(label="Michael Brennan")
    page.get_by_label("Date the Chair agreed").fill(today.isoformat())
    page.get_by_role("button", name="Publish agenda").click()
    assert "Agenda published" in page.locator(".govuk-notification-banner").inner_text()
    assert not Publication.objects.get(meeting=meeting).deadline_met
    # Each member was sent the summons: the clerk sees who, and when.
    assert "2 sent, 0 queued, 0 not delivered." in page.locator("main").inner_text()
    page.get_by_role("link", name="See who was sent the summons").click()
    summonses = page.locator("main").inner_text()
    assert "Michael Brennan" in summonses and "Alan McLain" in summonses and "Sent" in summonses
    assert_accessible(page)
    page.goto(meeting.get_absolute_url())

    # At the meeting: attendance.
    page.get_by_role("button", name="Record attendance").click()
    page.get_by_role("group", name="Michael Brennan").get_by_label("Present", exact=True).check()
    page.get_by_role("group", name="Alan McLain").get_by_label("Present", exact=True).check()
    page.get_by_role("button", name="Save attendance").click()
    assert "Alan McLain" in page.locator(".app-attendance").inner_text()
    assert_accessible(page)

    # After it: the minute, the resolution and its "bring back" action.
    page.get_by_role("link", name="Minutes of this meeting").click()
    page.get_by_role("button", name="Mark the meeting as held").click()
    page.get_by_role("link", name="Write the minute of Strategic Commissioning").click()
    page.get_by_label("Minute", exact=True).fill(
        "The Assistant Chief Executive introduced the report.\n\n"
        "Councillor McLain spoke in support of an overarching scrutiny committee supported by task and finish groups."
    )
    page.get_by_role("button", name="Save minute").click()
    page.get_by_role("link", name="Add a resolution to Strategic Commissioning").click()
    page.get_by_label("Resolution").fill(RESOLUTION)
    page.get_by_role("button", name="Add resolution").click()
    page.get_by_role("link", name="Add an action to the resolution").click()
    page.get_by_label("What is to be done").fill("Bring the Commissioning work plan back to the committee")
    page.get_by_label("Or, if not a person, who will do it (optional)").fill("Cabinet")
    page.get_by_label("Due as soon as it is available").check()
    page.get_by_label("To be brought back to this committee").check()
    page.get_by_role("button", name="Add action").click()
    assert_accessible(page)
    page.get_by_role("link", name="Work programme").first.click()
    assert "Bring the Commissioning work plan back to the committee" in page.locator("main").inner_text()
    assert_accessible(page)
    assert WorkProgrammeEntry.objects.filter(body=body).count() == 1

    # A councillor reads the published agenda and opens the report.
    councillor = browser.new_context(base_url=live_server.url).new_page()
    sign_in(councillor, mclain.user.email, PASSWORD)
    councillor.goto(meeting.get_absolute_url())
    agenda = councillor.locator(".app-agenda").inner_text()
    assert "Strategic Commissioning" in agenda and "Report of the Assistant Chief Executive" in agenda
    assert "Late, as urgent business" in councillor.locator("main").inner_text()
    assert_accessible(councillor)
    councillor.context.close()
