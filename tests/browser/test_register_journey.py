"""The register of interests journey of issue 13, as the people make it: a councillor signs in and
adds two interests to their register; the public reads them on the councillor's published register;
the Monitoring Officer marks one sensitive; and the public then reads only that it is withheld."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from council.roles import Role
from members.models import Interest, RegisterReturn
from tests.factories import MemberFactory, UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

JOB = "Self-employed electrician"
HOME = "Home at 4 Mill Lane, Northbridge"


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def add_interest(page, *, category: str, details: str, aware_on: datetime.date):
    page.get_by_role("link", name="Add an interest").click()
    assert_accessible(page)
    page.get_by_label("Disclosable pecuniary interest", exact=True).check()
    page.get_by_label("Category").select_option(label=category)
    page.get_by_label("The member", exact=True).check()
    page.get_by_label("Details", exact=True).fill(details)
    page.get_by_label("Date you became aware of it").fill(aware_on.isoformat())
    page.get_by_role("button", name="Add interest").click()
    expect(page.get_by_text("Your interest has been added to your register")).to_be_visible()


def test_councillor_registers_interests_and_the_public_sees_a_sensitive_one_withheld(page):
    mclain = MemberFactory(user__first_name="Alan", user__last_name="McLain", user__email="mclain@northbridge.example")
    officer = UserFactory(
        first_name="Priya", last_name="Shah", email="shah@northbridge.example", roles=[Role.MONITORING_OFFICER]
    )
    today = timezone.localdate()

    # The councillor's dashboard says their register is overdue; they add two interests to it.
    sign_in(page, mclain.user.email, PASSWORD)
    expect(page.get_by_role("heading", name="Your register of interests")).to_be_visible()
    page.get_by_role("link", name="Your register of interests").click()
    assert_accessible(page)
    add_interest(
        page,
        category="Employment, office, trade, profession or vocation",
        details=JOB,
        aware_on=today - datetime.timedelta(days=3),
    )
    assert_accessible(page)
    add_interest(page, category="Land in the council's area", details=HOME, aware_on=today)
    expect(page.get_by_text(HOME)).to_be_visible()
    sign_out(page)

    # The public reads both on the councillor's published register.
    page.goto(mclain.get_absolute_url())
    page.get_by_role("link", name="Alan McLain’s register of interests").click()
    assert_accessible(page)
    expect(page.get_by_text(JOB)).to_be_visible()
    expect(page.get_by_text(HOME)).to_be_visible()

    # The Monitoring Officer reviews the councillor's register and marks the home address sensitive.
    sign_in(page, officer.email, PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Registers of interests").click()
    assert_accessible(page)
    page.get_by_role("link", name=str(mclain)).click()
    assert_accessible(page)
    page.get_by_role("link", name="Review Land in the council's area").click()
    assert_accessible(page)
    page.get_by_label("This is a sensitive interest (section 32)").check()
    page.get_by_label("Why it is sensitive").fill("Threats made to the member at a ward surgery.")
    page.get_by_role("button", name="Save review").click()
    expect(page.get_by_text("The interest is marked sensitive")).to_be_visible()
    assert Interest.objects.get(description=HOME).sensitive
    sign_out(page)

    # The public now reads that an interest is withheld, and not the address.
    page.goto(mclain.get_absolute_url())
    page.get_by_role("link", name="Alan McLain’s register of interests").click()
    expect(page.get_by_text(JOB)).to_be_visible()
    expect(page.get_by_text("The member has an interest whose details are withheld under section 32")).to_be_visible()
    assert "Mill Lane" not in page.content()


def test_councillor_with_nothing_to_register_makes_a_nil_return_and_is_no_longer_overdue(page):
    member = MemberFactory(user__first_name="Gordon", user__last_name="Tate", user__email="tate@northbridge.example")
    officer = UserFactory(
        first_name="Priya", last_name="Shah", email="shah@northbridge.example", roles=[Role.MONITORING_OFFICER]
    )

    # The councillor's dashboard says their register is overdue; they have nothing to register.
    sign_in(page, member.user.email, PASSWORD)
    expect(page.get_by_text("Overdue")).to_be_visible()
    page.get_by_role("link", name="Confirm your register is complete").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", name="You have nothing to register")).to_be_visible()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("I confirm my register of interests is complete and correct").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("You have told the Monitoring Officer you have nothing to register")).to_be_visible()
    assert RegisterReturn.objects.get(person=member.user).nil
    sign_out(page)

    # The Monitoring Officer no longer sees the register overdue.
    sign_in(page, officer.email, PASSWORD)
    expect(page.get_by_text("No registers are due.")).to_be_visible()
    sign_out(page)

    # The public reads the day it was last confirmed complete.
    page.goto(member.get_absolute_url())
    page.get_by_role("link", name="Gordon Tate’s register of interests").click()
    expect(page.get_by_text("Last confirmed complete on")).to_be_visible()
