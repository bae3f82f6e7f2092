"""Journeys as people make them, in Chromium, with an accessibility check on every page."""

import pytest
from playwright.sync_api import expect

from council import permissions
from council.roles import Role
from members.models import BodyKind
from tests.factories import BodyFactory, MemberFactory, UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

EVERYONE = ["Dashboard", "Councillors", "Committees", "Meetings", "Forward plan", "Commissioning", "Work plan"]
NAVIGATION = {
    # Everyone with a role chooses their own email alerts (record.choose_own_alerts), last in the bar.
    Role.ADMINISTRATOR: [
        *EVERYONE,
        "Consultations",
        "Elections",
        "Council set-up",
        "People and roles",
        "Import from ModernGov",
    ],
    Role.DEMOCRATIC_SERVICES: [*EVERYONE, "Consultations", "Elections", "Council set-up"],
    Role.COMMISSIONING_OFFICER: [*EVERYONE, "Consultations"],
    Role.FINANCE_OFFICER: [*EVERYONE, "Consultations"],
    Role.MONITORING_OFFICER: [*EVERYONE, "Registers of interests"],
    Role.OFFICER: [*EVERYONE, "Consultations"],
    Role.CABINET_MEMBER: [*EVERYONE, "My meetings", "Your consultations", "Consultations"],
    Role.COUNCILLOR: [*EVERYONE, "My meetings", "Your consultations"],
}
NAVIGATION = {role: [*items, "Email alerts"] for role, items in NAVIGATION.items()}
PANELS = {
    Role.ADMINISTRATOR: "People and roles",
    Role.DEMOCRATIC_SERVICES: "Committees you clerk",
    Role.COMMISSIONING_OFFICER: "Commissioning reviews",
    Role.FINANCE_OFFICER: "Savings to sign off",
    Role.MONITORING_OFFICER: "Your committees",
    Role.OFFICER: "Commissioning reviews",
    Role.CABINET_MEMBER: "Commissioning reviews",
    Role.COUNCILLOR: "Your committees",
}


def navigation_labels(page):
    return [t.strip() for t in page.locator(".govuk-service-navigation__list a").all_inner_texts()]


@pytest.mark.parametrize("role", list(Role), ids=[r.name.lower() for r in Role])
def test_each_role_signs_in_and_sees_their_navigation(page, role):
    person = UserFactory(email=f"{role.name.lower()}@northbridge.example", roles=[role])

    sign_in(page, person.email, PASSWORD)

    assert page.get_by_role("heading", level=1).inner_text().strip() == "Your dashboard"
    assert navigation_labels(page) == NAVIGATION[role]
    expect(page.get_by_role("heading", name=PANELS[role])).to_be_visible()
    assert_accessible(page)


def test_a_councillor_sent_to_an_administrators_page_sees_the_403_page(page):
    MemberFactory(user__email="councillor@northbridge.example")
    sign_in(page, "councillor@northbridge.example", PASSWORD)

    response = page.goto("/people/")

    assert response.status == 403
    assert "You do not have permission to see this page" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)


def test_clerk_changes_their_committee_and_finds_it_in_the_history(page):
    clerk = UserFactory(
        first_name="Priya", last_name="Shah", email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES]
    )
    body = BodyFactory(name="Environment Overview and Scrutiny Committee", kind=BodyKind.OVERVIEW_SCRUTINY)
    permissions.grant("members.change_body", clerk, body)

    sign_in(page, clerk.email, PASSWORD)
    page.get_by_role("link", name="Committees", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name=body.name).click()
    assert_accessible(page)
    page.get_by_role("button", name="Edit committee").click()
    assert_accessible(page)

    page.get_by_label("End date").fill("2025-01-01")
    page.get_by_label("Start date").fill("2026-01-01")
    page.get_by_role("button", name="Save").click()
    # Refused with the error summary; what was typed is kept.
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.get_by_label("Start date").input_value() == "2026-01-01"
    assert_accessible(page)

    page.get_by_label("End date").fill("")
    page.get_by_label("Purpose and scope").fill("Scrutinises flood resilience, waste and climate action.")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".govuk-notification-banner").inner_text().count("updated") == 1
    page.get_by_role("link", name="View history").click()
    assert_accessible(page)
    history = page.locator("main").inner_text()
    assert "Priya Shah" in history
    assert "Scrutinises flood resilience" in history


def test_the_public_reads_committees_without_javascript(page_without_javascript):
    page = page_without_javascript
    councillor = MemberFactory(user__first_name="Alan", user__last_name="McLain")
    body = BodyFactory(name="Overview and Scrutiny Committee")
    from tests.factories import MembershipFactory

    MembershipFactory(body=body, person=councillor.user)
    page.goto("/committees/")
    assert_accessible(page)
    page.get_by_role("link", name="Overview and Scrutiny Committee").click()
    assert "Alan McLain" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Accessibility statement").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Accessibility statement")
    assert_accessible(page)


def test_a_wrong_password_is_explained_and_the_email_kept(page):
    UserFactory(email="officer@northbridge.example", roles=[Role.OFFICER])
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("officer@northbridge.example")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.get_by_label("Email address").input_value() == "officer@northbridge.example"
    assert_accessible(page)
