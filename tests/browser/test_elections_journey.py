"""The clerk records a councillor's resignation and the by-election that fills the seat, in Chromium,
with an accessibility check on every page."""

import pytest

from council.roles import Role
from members.models import BodyKind, MembershipRole
from tests.factories import BodyFactory, MemberFactory, MembershipFactory, PartyFactory, UserFactory, WardFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_clerk_records_a_by_election_and_sees_the_seats_to_fill(page):
    clerk = UserFactory(
        first_name="Emma", last_name="Clarke", email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES]
    )
    riverside = WardFactory(name="Riverside")
    resigning = MemberFactory(
        ward=riverside, party=PartyFactory(name="Liberal Democrats"), user__first_name="Helen", user__last_name="Rowe"
    )
    MemberFactory(ward=riverside, user__first_name="Alan", user__last_name="McLain")
    body = BodyFactory(name="Environment Overview and Scrutiny Committee", kind=BodyKind.OVERVIEW_SCRUTINY)
    MembershipFactory(body=body, person=resigning.user, role=MembershipRole.VICE_CHAIR)

    sign_in(page, clerk.email, PASSWORD)
    page.get_by_role("link", name="Elections", exact=True).click()
    assert_accessible(page)

    page.get_by_role("link", name="Record a councillor leaving").click()
    assert_accessible(page)
    page.get_by_label("Councillor", exact=True).select_option(label="Helen Rowe (Riverside, Liberal Democrats)")
    page.get_by_label("Resigned").check()
    page.get_by_label("Last day in office").fill("2026-09-14")
    page.get_by_role("button", name="Record leaving").click()
    seats = page.locator("table").inner_text()
    assert "Environment Overview and Scrutiny Committee" in seats and "Vice-Chair" in seats
    assert_accessible(page)

    page.get_by_role("link", name="Back to elections").click()
    page.get_by_role("link", name="Record a result").click()
    assert_accessible(page)
    page.get_by_label("By-election").check()
    page.get_by_label("Day of the poll").fill("2026-11-05")
    page.get_by_label("Ward", exact=True).select_option(label="Riverside")
    page.get_by_label("Next ordinary election").fill("2027-05-06")
    # A mistake first: the error summary, and what was typed is kept.
    page.get_by_label("New councillor 1: first name").fill("Grace")
    page.get_by_role("button", name="Record result").click()
    assert "Enter the new councillor" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("New councillor 1: first name").input_value() == "Grace"
    assert_accessible(page)
    page.get_by_label("New councillor 1: last name").fill("Hopper")
    page.get_by_label("New councillor 1: email address").fill("grace.hopper@northbridge.example")
    page.get_by_role("button", name="Record result").click()

    assert "The result for Riverside has been recorded" in page.locator(".govuk-notification-banner").inner_text()
    main = page.locator("main").inner_text()
    assert "Monday 9 November 2026" in main  # the fourth day after the by-election
    assert "9 May 2027" in main  # the seat's ordinary term
    assert "Grace Hopper" in main
    assert_accessible(page)
