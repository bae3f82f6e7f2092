"""The executive thread of issue 14 end to end, as the people do it: an officer drafts a forward
plan entry from a commissioning review; Democratic Services publish the forward plan; 28 clear days
later the Cabinet's decision is recorded and its notice published; three members of overview and
scrutiny call it in; the clerk puts the call-in on the committee's agenda and, after the meeting,
records that it was referred back; the public follow it on the decisions page and the officer on
the review's timeline."""

import datetime

import pytest
from playwright.sync_api import expect

from council import calendar
from council.roles import Role
from executive.models import ExecutiveDecision, ForwardPlanEdition
from members.models import BodyKind, MembershipRole
from tests.factories import (
    BodyFactory,
    CabinetFactory,
    MeetingFactory,
    MembershipFactory,
    PortfolioFactory,
    ReviewFactory,
    UserFactory,
)
from tests.factories.council import PASSWORD
from tests.factories.scrutiny import london

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

MATTER = "Home to School Transport: the commissioning option"


def test_from_review_to_forward_plan_to_decision_to_call_in_and_back(page, live_server, clock):
    officer = UserFactory(
        first_name="Sarah", last_name="Whitfield", email="sarah@northbridge.example", roles=[Role.COMMISSIONING_OFFICER]
    )
    UserFactory(
        first_name="Emma", last_name="Clarke", email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES]
    )
    CabinetFactory()
    review = ReviewFactory(
        title="Home to School Transport",
        stage="plan",
        lead_officer=officer,
        created_by=officer,
        portfolios=[PortfolioFactory(title="Children and Families")],
    )
    committee = BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY, name="Overview and Scrutiny Committee")
    members = []
    for n, name in enumerate(("Alan McLain", "Simon Thorne", "Jennifer Askew")):
        first, last = name.split()
        member = UserFactory(
            first_name=first, last_name=last, email=f"member{n}@northbridge.example", roles=[Role.COUNCILLOR]
        )
        MembershipFactory(person=member, body=committee, role=MembershipRole.MEMBER)
        members.append(member)

    # The officer drafts the entry from the review, at its Plan gate.
    sign_in(page, officer.email, PASSWORD)
    page.goto(review.get_absolute_url())
    page.get_by_role("button", name="Draft a forward plan entry").click()
    page.get_by_label("Matter").fill(MATTER)
    expected = clock.today() + datetime.timedelta(days=40)
    page.locator("#id_expected_decision_on").fill(expected.isoformat())
    page.get_by_label("Expenditure or savings (£)").fill("600000")
    page.get_by_role("button", name="Draft the entry").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("expenditure or savings above the threshold")
    page.context.clear_cookies()

    # Democratic Services publish the forward plan with it.
    sign_in(page, "clerk@northbridge.example", PASSWORD)
    page.goto(f"{live_server.url}/executive/forward-plan/publish/")
    page.get_by_label(MATTER).check()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Edition 1 of the forward plan published")
    edition = ForwardPlanEdition.objects.get()
    page.context.clear_cookies()

    # 28 clear days later (the 29th day), the Cabinet decides; the clerk records it and publishes the notice.
    clock.travel(days=29)
    assert clock.today() == calendar.earliest_key_decision_day(edition.published_on)
    sign_in(page, "clerk@northbridge.example", PASSWORD)
    page.goto(f"{live_server.url}/executive/forward-plan/")
    page.get_by_role("link", name=MATTER).click()
    page.get_by_role("button", name="Record the decision").click()
    assert_accessible(page)
    page.get_by_label("Decision maker").select_option(label="Cabinet")
    page.get_by_label("Decided on").fill(clock.today().isoformat())
    page.get_by_label("The decision", exact=True).fill(
        "To commission school transport through a dynamic purchasing system."
    )
    page.get_by_label("Reasons for the decision").fill("It lets local operators bid route by route.")
    page.get_by_role("button", name="Record the decision").click()
    decision = ExecutiveDecision.objects.get()
    assert decision.entry.title == MATTER and decision.is_key
    page.get_by_role("button", name="Publish the decision notice").click()
    page.get_by_role("button", name="Publish").click()
    last_day = calendar.call_in_period_ends(clock.today())
    expect(page.locator(".govuk-notification-banner")).to_contain_text(f"Subject to call-in until {last_day:%-d %B %Y}")
    page.context.clear_cookies()

    # Three members of overview and scrutiny call it in.
    meeting = MeetingFactory(
        body=committee, starts_at=london(*(clock.today() + datetime.timedelta(days=7)).timetuple()[:3])
    )
    for n, member in enumerate(members):
        sign_in(page, member.email, PASSWORD)
        page.goto(f"{live_server.url}{decision.get_absolute_url()}")
        if n == 0:
            page.get_by_role("button", name="Call in this decision").click()
            page.get_by_label("Your reasons for calling the decision in").fill("Rural parents were not consulted.")
            page.get_by_label("Referred back to the decision maker for reconsideration").check()
            page.get_by_role("button", name="Call in this decision").click()
        else:
            page.get_by_role("button", name="Add your name to the call-in").click()
            page.get_by_label("I support the reasons given").check()
            page.get_by_role("button", name="Add my name").click()
        page.wait_for_load_state()
        page.context.clear_cookies()

    # The clerk puts it on the committee's agenda; after the meeting, records that it was referred back.
    sign_in(page, "clerk@northbridge.example", PASSWORD)
    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    expect(page.locator("main")).to_contain_text("Called in")
    page.get_by_role("button", name="Place the call-in on a meeting").click()
    page.get_by_label(str(meeting)).check()
    page.get_by_role("button", name="Add it to the agenda").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Call-in placed on the agenda")
    page.context.clear_cookies()
    clock.travel(days=8)
    sign_in(page, "clerk@northbridge.example", PASSWORD)
    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    page.get_by_role("button", name="Record the outcome").click()
    page.get_by_label("Referred back to the decision maker for reconsideration").check()
    page.get_by_label("The committee's concerns").fill("Consult parents in the rural wards first.")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Outcome recorded")
    page.context.clear_cookies()

    # The public follow it: the decisions page, then the decision with the call-in and its outcome.
    page.goto(f"{live_server.url}/executive/decisions/")
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text("Called in: referred back to the decision maker")
    page.get_by_role("link", name=MATTER).click()
    expect(page.locator("main")).to_contain_text("Consult parents in the rural wards first.")
    expect(page.locator("main")).to_contain_text("Rural parents were not consulted.")
    # Reviews are the council's internal work: the public decision page does not link to one.
    expect(page.locator(f'main a[href="{review.get_absolute_url()}"]')).to_have_count(0)
    assert_accessible(page)

    # The officer follows the decision back to its review, and sees the whole thread on its timeline.
    sign_in(page, officer.email, PASSWORD)
    page.goto(f"{live_server.url}{decision.get_absolute_url()}")
    page.locator(f'main a[href="{review.get_absolute_url()}"]').first.click()
    expect(page.locator("h1")).to_contain_text("Home to School Transport")
    page.get_by_role("link", name="The review’s decisions and notices").click()
    thread = page.locator("#decision-thread + .govuk-summary-card")
    expect(thread).to_contain_text(MATTER)
    expect(thread).to_contain_text("Edition 1")
    expect(thread).to_contain_text("Called in")
    assert_accessible(page)
