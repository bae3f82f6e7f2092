"""A council moves in: the clerk sets up its own data in the browser, in Chromium, with an
accessibility check on every page."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from council.roles import Role
from members.models import Body, Member
from tests.factories import UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def banner(page) -> str:
    return page.locator(".govuk-notification-banner").inner_text()


def add_councillor(page, first, last, email, party):
    page.get_by_role("link", name="Council set-up", exact=True).click()
    page.locator("main").get_by_role("link", name="Councillors", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Add a councillor").click()
    assert_accessible(page)
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label("Email address", exact=True).fill(email)
    page.get_by_label("Ward").select_option(label="Harbourside")
    page.get_by_label("Party").select_option(label=party)
    page.get_by_label("Elected on").fill("2026-05-07")
    page.get_by_label("Term starts on").fill("2026-05-11")
    page.get_by_label("Term ends on").fill("2030-05-13")
    page.get_by_role("button", name="Add councillor").click()
    assert "sent an email to choose a password" in banner(page)
    assert_accessible(page)


def test_clerk_sets_up_a_ward_party_councillors_and_a_committee_the_public_can_read(page, browser, live_server):
    clerk = UserFactory(
        first_name="Priya", last_name="Shah", email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES]
    )
    sign_in(page, clerk.email, PASSWORD)
    page.get_by_role("link", name="Council set-up", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Council set-up")
    assert_accessible(page)

    # A ward, with its ONS code: a wrong code is explained, and what was typed kept.
    page.locator("main").get_by_role("link", name="Wards").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add a ward").click()
    page.get_by_label("Name", exact=True).fill("Harbourside")
    page.get_by_label("ONS code").fill("E0512")
    page.get_by_role("button", name="Add ward").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("like E05012345")
    assert page.title().startswith("Error: ")
    assert page.get_by_label("Name", exact=True).input_value() == "Harbourside"
    assert_accessible(page)
    page.get_by_label("ONS code").fill("E05012345")
    page.get_by_role("button", name="Add ward").click()
    assert "Harbourside ward has been added" in banner(page)
    expect(page.get_by_role("row").filter(has_text="Harbourside")).to_contain_text("E05012345")
    assert_accessible(page)

    # A party and its group.
    page.get_by_role("link", name="Back to council set-up").click()
    page.locator("main").get_by_role("link", name="Parties and political groups").click()
    page.get_by_role("button", name="Add a party").click()
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Harbour Independents")
    page.get_by_label("Short name").fill("HI")
    page.get_by_label("Political group").fill("Harbour Independents Group")
    page.get_by_role("button", name="Add party").click()
    assert "Harbour Independents has been added" in banner(page)
    assert_accessible(page)

    # Two councillors, each sent an invitation to choose their own password.
    add_councillor(page, "Marta", "Kowalska", "marta.kowalska@northbridge.example", "Harbour Independents")
    expect(page.locator("main")).to_contain_text("Harbour Independents Group")
    add_councillor(page, "Tobias", "Reed", "tobias.reed@northbridge.example", "Independent")
    assert Member.objects.filter(ward__name="Harbourside").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "marta.kowalska@northbridge.example",
        "tobias.reed@northbridge.example",
    ]

    # A new committee with its terms of reference, and the two councillors as its members.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Committees").click()
    page.get_by_role("button", name="Add a committee").click()
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("Harbour Committee")
    page.get_by_label("Committee", exact=True).check()
    page.get_by_label("Terms of reference").fill("Oversees the harbour estate and its moorings.")
    page.get_by_role("button", name="Add committee").click()
    assert "Harbour Committee has been created" in banner(page)
    assert_accessible(page)
    for name in ("Marta Kowalska", "Tobias Reed"):
        page.get_by_role("button", name="Add a member").click()
        page.get_by_label("Person").select_option(label=f"Councillor {name} (Harbourside)")
        page.get_by_label("Member", exact=True).check()
        page.get_by_label("Start date").fill("2026-05-20")
        page.get_by_role("button", name="Add member").click()
        assert f"{name} has been added" in banner(page)
    assert_accessible(page)
    body = Body.objects.get(name="Harbour Committee")
    assert body.memberships.count() == 2

    # The public reads the committee, its terms of reference and its members.
    public = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        reader = public.new_page()
        reader.goto("/committees/")
        reader.get_by_role("link", name="Harbour Committee").click()
        main = reader.locator("main")
        expect(main).to_contain_text("Oversees the harbour estate and its moorings.")
        expect(main).to_contain_text("Marta Kowalska")
        expect(main).to_contain_text("Tobias Reed")
        assert_accessible(reader)
        reader.get_by_role("link", name="Councillor Marta Kowalska").click()
        expect(reader.locator("main")).to_contain_text("Harbour Independents Group")
        assert_accessible(reader)
    finally:
        public.close()


def _jpeg() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 80), (30, 90, 160)).save(out, format="JPEG")
    return out.getvalue()


def test_administrator_keeps_councillors_officers_and_portfolios_and_retires_a_ward(page):
    from django.utils import timezone

    from tests.factories import MemberFactory, OfficerFactory, WardFactory

    admin = UserFactory(email="admin@northbridge.example", roles=[Role.ADMINISTRATOR])
    WardFactory(name="Old Quay")
    member = MemberFactory(user__first_name="Nadia", user__last_name="Hussain", ward__name="Westgate")
    MemberFactory(
        user__first_name="Harold", user__last_name="Former", term_ends_on=timezone.localdate().replace(year=2024)
    )
    OfficerFactory(user__first_name="Li", user__last_name="Wei", job_title="Head of Law")

    sign_in(page, admin.email, PASSWORD)
    page.get_by_role("link", name="Council set-up", exact=True).click()
    assert_accessible(page)

    # A photo needs its description: refused, then accepted, shown and served.
    page.goto(f"/set-up/councillors/{member.pk}/edit/")
    assert_accessible(page)
    page.get_by_label("Photo", exact=True).set_input_files(
        files=[{"name": "nadia.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}]
    )
    page.get_by_label("Telephone").fill("01632 960555")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Describe the photo")
    assert page.get_by_label("Telephone").input_value() == "01632 960555"
    assert_accessible(page)
    page.get_by_label("Photo", exact=True).set_input_files(
        files=[{"name": "nadia.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}]
    )
    page.get_by_label("Photo description").fill("Nadia Hussain outside the town hall")
    page.get_by_role("button", name="Save").click()
    assert "has been updated" in banner(page)
    photo = page.get_by_role("img", name="Nadia Hussain outside the town hall")
    expect(photo).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", photo.element_handle()) == 60
    assert_accessible(page)

    # Serving and former councillors are listed apart; the former one's page says so.
    page.goto("/set-up/councillors/")
    expect(page.get_by_role("table").filter(has_text="Former councillors")).to_contain_text("Harold Former")
    assert_accessible(page)
    page.get_by_role("link", name="Harold Former", exact=True).click()
    expect(page.locator("main")).to_contain_text("Former councillor")
    assert_accessible(page)

    # A portfolio held by a serving councillor.
    page.goto("/set-up/portfolios/")
    assert_accessible(page)
    page.get_by_role("button", name="Add a portfolio").click()
    page.get_by_label("Title").fill("Regeneration")
    page.get_by_label("Cabinet Member").select_option(label="Nadia Hussain (Westgate)")
    page.get_by_role("button", name="Add portfolio").click()
    expect(page.get_by_role("row").filter(has_text="Regeneration")).to_contain_text("Nadia Hussain")
    assert_accessible(page)

    # An officer who leaves: the page says that nothing else changes.
    page.goto("/set-up/officers/")
    assert_accessible(page)
    page.get_by_role("link", name="Retire Li Wei").click()
    expect(page.locator("main")).to_contain_text("and nothing else")
    assert_accessible(page)
    page.get_by_role("button", name="Retire").click()
    expect(page.get_by_role("row").filter(has_text="Li Wei")).to_contain_text("Left")

    # A ward abolished by a boundary review is retired and no longer offered.
    page.goto("/set-up/wards/")
    page.get_by_role("link", name="Retire Old Quay").click()
    assert_accessible(page)
    page.get_by_role("button", name="Retire").click()
    expect(page.get_by_role("row").filter(has_text="Old Quay")).to_contain_text("Retired")
    page.goto("/set-up/councillors/add/")
    assert "Old Quay" not in page.get_by_label("Ward").inner_text()
    assert_accessible(page)
