"""A councillor adds an interest to their register in the browser, then learns which item on the next
agenda touches it, and the clerk is prompted to record their declaration (issue 13)."""

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from council import permissions
from council.roles import Role
from scrutiny.models import InterestNotice
from tests.factories import MeetingFactory, MemberFactory, MembershipFactory, UserFactory, WardFactory
from tests.factories.council import PASSWORD

from .conftest import _new_page, assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_councillor_sees_the_item_touching_their_interest_and_the_clerk_is_prompted(page, browser, live_server):
    clerk = UserFactory(
        first_name="Emma", last_name="Clarke", email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES]
    )
    meeting = MeetingFactory(body__name="Planning Committee")
    permissions.grant("members.change_body", clerk, meeting.body)
    castle = WardFactory(name="Castle")
    WardFactory(name="Riverside")
    councillor = MemberFactory(
        user__first_name="Ravi", user__last_name="Patel", user__email="ravi.patel@northbridge.example", ward=castle
    ).user
    MembershipFactory(body=meeting.body, person=councillor)

    # The councillor adds their house to their register of interests.
    context, member_page = _new_page(browser, live_server)
    sign_in(member_page, councillor.email, PASSWORD)
    member_page.get_by_role("link", name="Your register of interests").click()
    member_page.get_by_role("link", name="Add an interest").click()
    member_page.get_by_label("Disclosable pecuniary interest", exact=True).check()
    member_page.get_by_label("Category").select_option(label="Land in the council's area")
    member_page.get_by_label("The member", exact=True).check()
    member_page.get_by_label("Details", exact=True).fill("Owns a house on Castle Street")
    member_page.get_by_label("Castle", exact=True).check()
    member_page.get_by_label("Date you became aware of it").fill(timezone.localdate().isoformat())
    assert_accessible(member_page)
    member_page.get_by_role("button", name="Add interest").click()
    expect(member_page.get_by_text("Your interest has been added to your register")).to_be_visible()

    # The clerk adds an item about the Castle ward and publishes the agenda.
    sign_in(page, clerk.email, PASSWORD)
    page.goto(meeting.get_absolute_url())
    page.get_by_role("button", name="Add an item").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Castle Street redevelopment")
    page.get_by_label("Report", exact=True).check()
    page.get_by_label("Castle").check()
    page.get_by_label("Subjects (optional)").fill("housing, regeneration")
    page.get_by_role("button", name="Add item").click()
    page.get_by_role("button", name="Publish the agenda").click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish agenda").click()
    assert "Agenda published" in page.content()
    assert InterestNotice.objects.get().person == councillor
    # The interest notice (the summons to the body's members is its own message, tested elsewhere).
    notices = [m for m in mail.outbox if "interest" in m.subject.lower()]
    assert [m.to for m in notices] == [["ravi.patel@northbridge.example"]]

    # Back on their dashboard, the councillor sees the item that touches their interest.
    member_page.goto("/dashboard/")
    panel = member_page.get_by_role("heading", name="Items on your next agendas that touch your interests")
    assert panel.is_visible()
    matches = member_page.locator(".app-interest-matches").inner_text()
    assert "Castle Street redevelopment" in matches
    assert "ward: Castle" in matches
    assert "You may not take part in this item without a dispensation" in matches
    assert_accessible(member_page)
    context.close()

    # The clerk sees the prompt on the meeting's declarations page.
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Declarations of interest at this meeting").click()
    assert_accessible(page)
    prompt = page.locator(".app-prompt").inner_text()
    assert "Ravi Patel" in prompt and "Owns a house on Castle Street" in prompt
    assert "ward: Castle" in prompt and "No dispensation: not taking part in this item." in prompt
    assert "record Ravi Patel as present" in page.locator(".app-prompt").inner_text()
