"""A clerk seats and unseats committee members, in Chromium, with an accessibility check on every page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from council import permissions
from council.roles import Role
from members.models import BodyKind, MembershipRole
from tests.factories import BodyFactory, MemberFactory, MembershipFactory, PortfolioFactory, UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_clerk_adds_a_member_and_ends_a_membership(page):
    clerk = UserFactory(
        first_name="Emma", last_name="Clarke", email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES]
    )
    body = BodyFactory(name="Environment Overview and Scrutiny Committee", kind=BodyKind.OVERVIEW_SCRUTINY)
    permissions.grant("members.change_body", clerk, body)
    PortfolioFactory(
        title="Environment and Climate",
        cabinet_member=MemberFactory(user__first_name="Colin", user__last_name="Whitaker", ward__name="Greenacres"),
    )
    MemberFactory(user__first_name="Owen", user__last_name="Pritchard", ward__name="Eastbrook")
    MembershipFactory(body=body, person=MemberFactory(user__first_name="Joanne", user__last_name="Firth").user)

    sign_in(page, clerk.email, PASSWORD)
    page.get_by_role("link", name="Committees", exact=True).click()
    page.get_by_role("link", name=body.name).click()
    assert_accessible(page)
    page.get_by_role("button", name="Add a member").click()
    assert_accessible(page)

    # A Cabinet Member is refused, with the law's reason; what was chosen is kept.
    page.get_by_label("Person").select_option(label="Councillor Colin Whitaker (Greenacres)")
    page.get_by_label("Member", exact=True).check()
    page.get_by_label("Start date").fill("2025-05-20")
    page.get_by_role("button", name="Add member").click()
    summary = page.locator(".govuk-error-summary")
    assert "Cabinet Members cannot sit on overview and scrutiny committees" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert page.get_by_label("Start date").input_value() == "2025-05-20"
    assert_accessible(page)

    page.get_by_label("Person").select_option(label="Councillor Owen Pritchard (Eastbrook)")
    page.get_by_role("button", name="Add member").click()
    assert "Owen Pritchard has been added" in page.locator(".govuk-notification-banner").inner_text()
    expect(page.get_by_role("link", name="Councillor Owen Pritchard")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="End membership of Joanne Firth").click()
    assert page.get_by_label("End date").input_value() == f"{timezone.localdate():%Y-%m-%d}"
    assert_accessible(page)
    page.get_by_role("button", name="End membership").click()
    assert "membership of Environment Overview and Scrutiny Committee has ended" in (
        page.locator(".govuk-notification-banner").inner_text()
    )
    # Today is their last day: they are listed until then, and as a past member after.
    today = timezone.localdate()
    row = page.get_by_role("row").filter(has_text="Joanne Firth")
    assert f"until {today.day} {today:%B %Y}" in row.inner_text()
    assert body.memberships.get(person__last_name="Firth").end_date == timezone.localdate()
    assert body.memberships.get(person__last_name="Pritchard").role == MembershipRole.MEMBER
    assert_accessible(page)


def test_clerk_shares_their_committee_with_a_colleague(page):
    clerk = UserFactory(
        first_name="Emma", last_name="Clarke", email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES]
    )
    UserFactory(first_name="Tom", last_name="Bradshaw", roles=[Role.DEMOCRATIC_SERVICES])
    body = BodyFactory(name="Budget Working Group", kind=BodyKind.WORKING_GROUP)
    permissions.grant("members.change_body", clerk, body)

    sign_in(page, clerk.email, PASSWORD)
    page.goto(body.get_absolute_url())
    page.get_by_role("button", name="Manage clerks").click()
    assert_accessible(page)
    page.get_by_label("Clerk", exact=True).select_option(label="Tom Bradshaw")
    page.get_by_role("button", name="Add clerk").click()
    banner = page.locator(".govuk-notification-banner").inner_text()
    assert "Tom Bradshaw is now a clerk of Budget Working Group" in banner
    assert_accessible(page)

    page.get_by_role("button", name="Remove Emma Clarke as clerk").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Budget Working Group"
    assert "Tom Bradshaw" in page.locator("main").inner_text()  # the committee's contact now
    expect(page.get_by_role("button", name="Manage clerks")).not_to_be_visible()
    assert_accessible(page)
