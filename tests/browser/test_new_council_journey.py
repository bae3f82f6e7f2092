"""A real council moves in: from an empty database, its first Administrator is made on the command
line, chooses a password and sets up two-factor sign-in, then sets the council up in the browser
(Chromium, with an accessibility check on every page), and the public reads the result."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from council.roles import Role
from members.models import Body, Member

from .conftest import assert_accessible
from .test_sign_in import code_for_key

pytestmark = pytest.mark.django_db(transaction=True)

User = get_user_model()
PASSWORD = "harbour-lights-at-dusk"  # noqa: S105 - the Administrator's own, chosen in the test


def banner(page) -> str:
    return page.locator(".govuk-notification-banner").inner_text()


def test_first_administrator_sets_up_a_new_council_the_public_can_read(page, browser, live_server):
    assert not User.objects.exists()

    # On the server: the first Administrator, with a link to give them (mail is not set up yet).
    out = io.StringIO()
    call_command(
        "create_administrator",
        "ada.lovelace@northbridge.example",
        "--first-name",
        "Ada",
        "--last-name",
        "Lovelace",
        "--print-link",
        stdout=out,
    )
    link = re.search(r"https://[^/\s]+(/accounts/reset/\S+/)", out.getvalue()).group(1)

    # They open the link and choose their own password.
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")
    assert_accessible(page)

    # Signing in, an Administrator sets up an authenticator app before reaching anything else.
    page.locator("main").get_by_role("link", name="Sign in").click()
    assert_accessible(page)
    page.get_by_label("Email address").fill("ada.lovelace@northbridge.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    assert_accessible(page)
    page.goto("/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    page.get_by_text("I cannot scan the QR code").click()
    key = page.locator(".govuk-details__text code").inner_text()
    page.get_by_label("Code from your authenticator app").fill(code_for_key(key))
    page.get_by_role("button", name="Confirm and continue").click()
    # Then on to the page they asked for, and the dashboard.
    expect(page.get_by_role("heading", level=1)).to_have_text("People and roles")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    assert_accessible(page)

    # Council set-up: a ward and a party.
    page.get_by_role("link", name="Council set-up", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Council set-up")
    assert_accessible(page)
    page.locator("main").get_by_role("link", name="Wards").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add a ward").click()
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Harbourside")
    page.get_by_label("ONS code").fill("E05012345")
    page.get_by_role("button", name="Add ward").click()
    assert "Harbourside ward has been added" in banner(page)
    assert_accessible(page)

    page.get_by_role("link", name="Back to council set-up").click()
    page.locator("main").get_by_role("link", name="Parties and political groups").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add a party").click()
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Harbour Independents")
    page.get_by_label("Short name").fill("HI")
    page.get_by_label("Political group").fill("Harbour Independents Group")
    page.get_by_role("button", name="Add party").click()
    assert "Harbour Independents has been added" in banner(page)
    assert_accessible(page)

    # A councillor, sent an invitation to choose their own password.
    page.get_by_role("link", name="Council set-up", exact=True).click()
    page.locator("main").get_by_role("link", name="Councillors", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Add a councillor").click()
    assert_accessible(page)
    page.get_by_label("First name").fill("Marta")
    page.get_by_label("Last name").fill("Kowalska")
    page.get_by_label("Email address", exact=True).fill("marta.kowalska@northbridge.example")
    page.get_by_label("Ward").select_option(label="Harbourside")
    page.get_by_label("Party").select_option(label="Harbour Independents")
    page.get_by_label("Elected on").fill("2026-05-07")
    page.get_by_label("Term starts on").fill("2026-05-11")
    page.get_by_label("Term ends on").fill("2030-05-13")
    page.get_by_role("button", name="Add councillor").click()
    assert "sent an email to choose a password" in banner(page)
    assert_accessible(page)
    assert Member.objects.filter(ward__name="Harbourside", party__name="Harbour Independents").count() == 1

    # A committee clerk, added on the People page with the Democratic Services role.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="People and roles").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add a person").click()
    assert_accessible(page)
    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Email address").fill("priya.shah@northbridge.example")
    page.get_by_label("Democratic Services (committee clerk)").check()
    page.get_by_role("button", name="Add person and send email").click()
    assert "sent an email to choose a password" in banner(page)
    assert_accessible(page)
    clerk = User.objects.get(email="priya.shah@northbridge.example")
    assert list(clerk.groups.values_list("name", flat=True)) == [Role.DEMOCRATIC_SERVICES.value]

    # A committee, with the councillor as a member.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Committees").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add a committee").click()
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Harbour Committee")
    page.get_by_label("Committee", exact=True).check()
    page.get_by_label("Terms of reference").fill("Oversees the harbour estate and its moorings.")
    page.get_by_role("button", name="Add committee").click()
    assert "Harbour Committee has been created" in banner(page)
    assert_accessible(page)
    page.get_by_role("button", name="Add a member").click()
    assert_accessible(page)
    page.get_by_label("Person").select_option(label="Councillor Marta Kowalska (Harbourside)")
    page.get_by_label("Member", exact=True).check()
    page.get_by_label("Start date").fill("2026-05-20")
    page.get_by_role("button", name="Add member").click()
    assert "Marta Kowalska has been added" in banner(page)
    assert_accessible(page)
    assert Body.objects.get(name="Harbour Committee").memberships.count() == 1

    # The public sees the councillor and the committee.
    public = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        reader = public.new_page()
        reader.goto("/councillors/")
        expect(reader.locator("main")).to_contain_text("Marta Kowalska")
        assert_accessible(reader)
        reader.goto("/committees/")
        assert_accessible(reader)
        reader.get_by_role("link", name="Harbour Committee").click()
        main = reader.locator("main")
        expect(main).to_contain_text("Oversees the harbour estate and its moorings.")
        expect(main).to_contain_text("Marta Kowalska")
        assert_accessible(reader)
        reader.get_by_role("link", name="Councillor Marta Kowalska").click()
        expect(reader.locator("main")).to_contain_text("Harbour Independents Group")
        expect(reader.locator("main")).to_contain_text("Harbourside")
        assert_accessible(reader)
    finally:
        public.close()
    assert User.objects.filter(groups__name=Role.ADMINISTRATOR.value).count() == 1
