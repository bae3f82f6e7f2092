"""The clerk's meeting cycle from publication to confirmed minutes (issue 16), in one journey through
the pages: the clerk builds the agenda (the standard items, a report, a pink paper), publishes it and
sees the packs ready, records attendance at the meeting (apologies, a substitute, a note, the quorum),
marks it held, writes the minutes with a resolution and a recorded vote, records the blank items as
noted, and at the next meeting confirms them; the confirmed minutes PDF carries the minute numbers,
the vote by name and the Chair's line, and the public reads the minutes without the exempt minute.

The meetings are placed from today's date and the server's clock (``clock``) travels to them, so the
journey never depends on the day it runs."""

import datetime
import re
import subprocess

import pikepdf
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from council import calendar, permissions
from council.roles import Role
from members.models import MembershipRole
from scrutiny.models import Meeting, MeetingStatus
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory, UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

EXEMPT_MINUTE = "The leisure operator's bid was the lowest of the three received"
PUBLIC_SUMMARY = "The committee considered the tenders for the leisure centres contract."
RESOLUTION = "Resolved that the Strategic Commissioning plan be endorsed."


def _seat(body, first_name, last_name, role=MembershipRole.MEMBER):
    person = MemberFactory(user__first_name=first_name, user__last_name=last_name).user
    MembershipFactory(body=body, person=person, role=role, start_date=datetime.date(2024, 5, 1))
    return person


def _a_working_day_from(today: datetime.date, clear_days: int) -> datetime.date:
    day = today + datetime.timedelta(days=1)
    while calendar.clear_working_days(today, day) < clear_days or not calendar.is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def _at_six(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18)))


def _cast(page, person: str, choice: str):
    page.get_by_role("group", name=re.compile(person)).get_by_label(choice, exact=True).check()


def _travel_to(clock, when: datetime.datetime):
    clock.travel(seconds=(when - timezone.now()).total_seconds())


def _sign_in_again(page, clerk):
    """After the clock has travelled the clerk's session has ended (idle too long): they sign in again."""
    page.context.clear_cookies()
    sign_in(page, clerk.email, PASSWORD)


def _text_of(path) -> str:
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())


def test_clerk_takes_a_meeting_from_publication_to_confirmed_minutes(page, clock, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    report = tmp_path / "strategic-commissioning.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(report)
    clerk = UserFactory(email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES])
    body = BodyFactory(name="Overview and Scrutiny Committee")
    permissions.grant("members.change_body", clerk, body)
    _seat(body, "Alice", "Ward", MembershipRole.CHAIR)
    _seat(body, "Ben", "Cole")
    _seat(body, "Ravi", "Patel")
    _seat(body, "Jo", "Baines")
    _seat(body, "Sam", "Ortiz", MembershipRole.SUBSTITUTE)
    day = _a_working_day_from(clock.today(), 10)
    meeting = MeetingFactory(body=body, starts_at=_at_six(day))
    next_day = day + datetime.timedelta(days=28)
    while not calendar.is_working_day(next_day):
        next_day += datetime.timedelta(days=1)
    following = MeetingFactory(body=body, starts_at=_at_six(next_day))
    yy = f"{calendar.municipal_year_of(day) % 100:02d}"

    # The agenda, built on the meeting page: the standard items, a report with its paper, a pink paper.
    sign_in(page, clerk.email, PASSWORD)
    page.goto(meeting.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("button", name="Add the standard items").click()
    agenda = page.locator(".app-agenda")
    expect(agenda).to_contain_text("Apologies for absence and substitutions")
    expect(agenda).to_contain_text("Minutes of the previous meeting")

    page.get_by_role("button", name="Add an item").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Strategic Commissioning")
    page.get_by_label("Report", exact=True).check()
    page.get_by_label("Time allowed in minutes (optional)").fill("30")
    page.get_by_role("button", name="Add item").click()
    page.get_by_role("link", name="Upload a document for Strategic Commissioning").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Report of the Assistant Chief Executive")
    page.get_by_label("Upload a file").set_input_files(str(report))
    page.get_by_role("button", name="Upload document").click()

    page.get_by_role("button", name="Add an item").click()
    page.get_by_label("Title").fill("Leisure centres management contract")
    page.get_by_label("Report", exact=True).check()
    page.get_by_label("The item contains exempt information (a pink paper)").check()
    page.get_by_label("Schedule 12A paragraph relied on").select_option(value="3")
    page.get_by_label("Why the public interest in keeping it exempt outweighs disclosing it").fill(
        "The commercial terms are still under negotiation"
    )
    page.get_by_role("button", name="Add item").click()
    expect(page.locator(".app-agenda__exempt")).to_have_count(1)
    assert_accessible(page)

    # Published in good time: the packs are built (the worker runs eagerly here) and ready.
    page.get_by_role("button", name="Publish the agenda").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish agenda").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text("Agenda published")
    page.goto(f"{meeting.get_absolute_url()}?packs=progress#packs")
    expect(page.locator(".app-packs .govuk-tag", has_text="Ready")).to_have_count(2)
    expect(page.get_by_role("link", name="Download the agenda: public pack")).to_be_visible()
    assert_accessible(page)

    # The evening of the meeting: attendance, with apologies, a substitute and a note; the quorum.
    _travel_to(clock, _at_six(day) + datetime.timedelta(minutes=30))
    _sign_in_again(page, clerk)
    page.goto(meeting.get_absolute_url())
    page.get_by_role("button", name="Record attendance").click()
    assert_accessible(page)
    for name in ("Alice Ward", "Ben Cole", "Jo Baines"):
        page.get_by_role("group", name=name).get_by_label("Present", exact=True).check()
    page.get_by_role("group", name="Ravi Patel").get_by_label("Apologies").check()
    sam = page.get_by_role("group", name="Sam Ortiz")
    sam.get_by_label("Present", exact=True).check()
    sam.get_by_label("Substitute for").select_option(label="Ravi Patel")
    page.get_by_label("Notes (optional) for Jo Baines").fill("Arrived at 6.20pm")
    page.get_by_role("button", name="Save attendance").click()
    attendance = page.locator(".app-attendance")
    expect(attendance).to_contain_text("Sam Ortiz (substitute for Ravi Patel)")
    expect(attendance).to_contain_text("Jo Baines (Arrived at 6.20pm)")
    assert "Ravi Patel" in attendance.inner_text().split("Apologies")[1]
    expect(page.locator(".app-attendance__quorum")).to_contain_text("Quorate")
    assert_accessible(page)

    # The next morning: the meeting marked held, then the minutes with their numbers, a resolution and a recorded vote.
    _travel_to(clock, _at_six(day) + datetime.timedelta(hours=16))  # the next morning
    _sign_in_again(page, clerk)
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Minutes of this meeting").click()
    assert_accessible(page)
    page.get_by_role("button", name="Mark the meeting as held").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("marked as held")
    minutes = page.locator("#main-content")
    expect(minutes).to_contain_text(f"OSC 4/{yy} Strategic Commissioning")
    expect(minutes).to_contain_text(f"OSC 6/{yy} Leisure centres management contract")

    page.get_by_role("link", name="Write the minute of Strategic Commissioning").click()
    assert_accessible(page)
    page.get_by_label("Minute", exact=True).fill("The Assistant Chief Executive introduced the report.")
    page.get_by_role("button", name="Save minute").click()
    page.get_by_role("link", name="Add a resolution to Strategic Commissioning").click()
    assert_accessible(page)
    page.get_by_label("Resolution").fill(RESOLUTION)
    page.get_by_role("button", name="Add resolution").click()
    page.get_by_role("link", name=re.compile("^Record the vote")).click()
    assert_accessible(page)
    page.get_by_role("group", name="Result").get_by_label("Carried", exact=True).check()
    page.get_by_label("A recorded vote was asked for").check()
    _cast(page, "Alice Ward", "For")
    _cast(page, "Ben Cole", "For")
    _cast(page, "Sam Ortiz", "For")
    _cast(page, "Jo Baines", "Against")
    page.get_by_role("button", name="Save vote").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Vote recorded")
    expect(minutes).to_contain_text("Carried (3 for, 1 against, 0 abstentions)")

    page.get_by_role("link", name="Write the minute of Leisure centres management contract").click()
    assert_accessible(page)
    page.get_by_label("Minute", exact=True).fill(EXEMPT_MINUTE)
    page.get_by_label("Fair summary for the public (optional)").fill(PUBLIC_SUMMARY)
    page.get_by_role("button", name="Save minute").click()

    for title in ("Apologies for absence and substitutions", "Minutes of the previous meeting"):
        page.get_by_role("button", name=f"Record “{title}” as noted").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("minuted as noted")
    expect(minutes).to_contain_text(f"OSC 1/{yy} Apologies for absence and substitutions")
    expect(minutes).to_contain_text("No declarations of interest were made.")
    assert_accessible(page)

    # No later meeting has been held yet: the page leads the clerk to the next one.
    page.get_by_role("button", name="Confirm the minutes").click()
    expect(page.locator(".app-minutes__next-meeting")).to_contain_text("No later meeting")
    assert_accessible(page)
    page.get_by_role("link", name=f"Go to the next meeting, on {next_day:%-d %B %Y}").click()
    expect(page.locator("h1")).to_contain_text(f"{next_day:%-d %B %Y}")
    assert_accessible(page)

    # The next meeting: its agenda goes out, it is held, and there the minutes are confirmed.
    page.get_by_role("button", name="Add the standard items").click()
    page.get_by_role("button", name="Publish the agenda").click()
    page.get_by_role("button", name="Publish agenda").click()
    expect(page.locator(".govuk-notification-banner").first).to_contain_text("Agenda published")
    _travel_to(clock, _at_six(next_day) + datetime.timedelta(hours=2, minutes=30))
    _sign_in_again(page, clerk)
    page.goto(following.get_absolute_url())
    page.get_by_role("link", name="Minutes of this meeting").click()
    page.get_by_role("button", name="Mark the meeting as held").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("marked as held")

    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Minutes of this meeting").click()
    page.get_by_role("button", name="Confirm the minutes").click()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm minutes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("confirmed as a correct record")
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.MINUTES_CONFIRMED
    assert_accessible(page)

    # The confirmed minutes as a PDF: the numbers, the vote by name and the Chair's line.
    page.get_by_role("button", name=re.compile(r"Build the pack\s*: confirmed minutes: public edition")).click()
    expect(page.locator("main")).to_contain_text("Download", timeout=20_000)
    page.goto(meeting.get_absolute_url())
    with page.expect_download() as event:
        page.get_by_role("link", name="Download the confirmed minutes: public edition").click()
    signed = tmp_path / event.value.suggested_filename
    event.value.save_as(signed)
    text = _text_of(signed)
    assert (
        "Present Councillor Jo Baines (Arrived at 6.20pm), Councillor Ben Cole, "
        "Councillor Sam Ortiz (substitute for Ravi Patel), Councillor Alice Ward (Chair) "
        "Apologies Councillor Ravi Patel"
    ) in text
    assert f"OSC 1/{yy} Apologies for absence and substitutions Noted." in text
    assert f"OSC 4/{yy} Strategic Commissioning" in text and RESOLUTION in text
    assert (
        "Carried (3 for, 1 against, 0 abstentions). For: Councillor Ben Cole, Councillor Sam Ortiz, "
        "Councillor Alice Ward. Against: Councillor Jo Baines."
    ) in text
    assert f"OSC 6/{yy} Leisure centres management contract" in text and PUBLIC_SUMMARY in text
    assert (
        "Confirmed as a correct record at the meeting of the Overview and Scrutiny Committee on "
        f"{next_day:%A %-d %B %Y}" in text
    )
    assert re.search(r"Chair \.+ Date \.+", text)
    assert EXEMPT_MINUTE not in text
    page.get_by_role("button", name="Sign out").click()

    # The public reads the confirmed minutes, with the fair summary and without the exempt minute.
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Minutes of this meeting").click()
    public = page.locator("main").inner_text()
    assert f"Confirmed as a correct record at the meeting on {next_day:%-d %B %Y}." in public
    assert f"OSC 4/{yy} Strategic Commissioning" in public and RESOLUTION in public
    assert "For\tBen Cole, Sam Ortiz, Alice Ward" in public and "Against\tJo Baines" in public
    assert f"OSC 6/{yy} Leisure centres management contract" in public and PUBLIC_SUMMARY in public
    assert "Not built yet" not in public
    assert EXEMPT_MINUTE not in public
    assert_accessible(page)
    page.goto(following.get_absolute_url())
    assert_accessible(page)
