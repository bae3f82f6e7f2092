"""The review → executive journey of issue 14: an officer opens a review at its Plan gate, drafts
the forward plan entry from it (filled in from the review; a missing date is refused and what was
typed stays), and sees it on the review's timeline."""

import pytest
from playwright.sync_api import expect

from commissioning.models import ReviewDecision
from council.roles import Role
from tests.factories import CabinetFactory, PortfolioFactory, ReviewFactory, UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_drafts_the_forward_plan_entry_from_a_review_and_sees_it_on_its_timeline(page):
    officer = UserFactory(
        first_name="Sarah", last_name="Whitfield", email="sarah@northbridge.example", roles=[Role.COMMISSIONING_OFFICER]
    )
    CabinetFactory()
    review = ReviewFactory(
        title="Home to School Transport", stage="plan", portfolios=[PortfolioFactory(title="Children and Families")]
    )

    sign_in(page, officer.email, PASSWORD)
    page.goto(review.get_absolute_url())
    expect(page.get_by_text("The Plan gate leads to a decision")).to_be_visible()
    page.get_by_role("button", name="Draft a forward plan entry").click()
    assert_accessible(page)
    expect(page.get_by_label("Matter")).to_have_value("Home to School Transport")
    page.get_by_label("Matter").fill("Home to School Transport: the commissioning option")
    page.get_by_role("button", name="Draft the entry").click()
    # No expected date: refused in the GOV.UK error pattern, and what was typed stays.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the expected decision date")
    expect(page.get_by_label("Matter")).to_have_value("Home to School Transport: the commissioning option")
    page.locator("#id_expected_decision_on").fill("2027-03-03")
    page.get_by_label("Expenditure or savings (£)").fill("600000")
    page.get_by_role("button", name="Draft the entry").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("expenditure or savings above the threshold")
    expect(page.get_by_text("Home to School Transport: the commissioning option").first).to_be_visible()

    page.get_by_role("link", name="The review’s decisions and notices").click()
    assert_accessible(page)
    thread = page.locator("#decision-thread + .govuk-summary-card")
    expect(thread).to_contain_text("Home to School Transport: the commissioning option")
    expect(thread).to_contain_text("Not yet published")
    expect(thread).to_contain_text("Key decision")
    assert ReviewDecision.objects.get(review=review).entry.drafted_by == officer
