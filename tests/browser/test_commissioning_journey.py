"""The commissioning journey of issue #5, as the people make it: an officer creates a review,
scores its priority and adds two saving lines with their owners; the accountable Cabinet Member
passes the Analyse gate; the O&S Chair opens the schedule and sees the review ranked with its
rationale and the savings claimed against realised."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from commissioning.models import GateDecision, Review, SavingLine, Stage
from council.roles import Role
from members.models import MembershipRole
from tests.factories import (
    BodyFactory,
    MemberFactory,
    MembershipFactory,
    OfficerFactory,
    PortfolioFactory,
    UserFactory,
)
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Customer Contact and Digital Services"
SUMMARY = "High demand and poor call answering: the first review to start this year."
SCORES = {
    "need": 5,
    "savings potential": 4,
    "current performance": 5,
    "risk": 3,
    "statutory duty": 2,
    "member and community feedback": 4,
}


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_officer_cabinet_member_and_chair_run_a_review(page):
    officer = UserFactory(
        first_name="Sarah", last_name="Whitfield", email="sarah@northbridge.example", roles=[Role.COMMISSIONING_OFFICER]
    )
    owner_one = OfficerFactory(
        user__first_name="Lucy", user__last_name="Fenwick", job_title="Performance and Insight Manager"
    ).user
    owner_two = OfficerFactory(user__first_name="Mark", user__last_name="Ellison", job_title="Policy Officer").user
    hartley = MemberFactory(
        user__first_name="Richard", user__last_name="Hartley", user__email="hartley@northbridge.example"
    )
    hartley.user.groups.add(Group.objects.get(name=Role.CABINET_MEMBER.value))  # a councillor in Cabinet
    PortfolioFactory(title="Corporate Services", cabinet_member=hartley)
    PortfolioFactory(title="Finance")
    chair = MemberFactory(
        user__first_name="Michael", user__last_name="Brennan", user__email="chair@northbridge.example"
    )
    scrutiny = BodyFactory(name="Overview and Scrutiny Committee")
    MembershipFactory(body=scrutiny, person=chair.user, role=MembershipRole.CHAIR)

    # The officer creates the review from the commissioning schedule.
    sign_in(page, officer.email, PASSWORD)
    page.get_by_role("link", name="Commissioning", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Create a review").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Service area").fill("Customer services")
    page.get_by_label("Scope", exact=True).fill("The contact centre, the website and the council's online forms.")
    page.get_by_label("Intended outcomes").fill("Residents get answers first time, online or by phone.")
    page.get_by_label("Directorate").fill("Corporate Services")
    page.get_by_label("Budget in scope (£)").fill("1900000.00")
    page.get_by_label("Lead officer").select_option(label="Sarah Whitfield")
    page.get_by_role("button", name="Create review").click()
    # Nothing chosen as accountable: refused with the GOV.UK error pattern, and what was typed stays.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select at least one accountable portfolio")
    assert page.title().startswith("Error: ")
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    assert_accessible(page)
    page.get_by_label("Corporate Services (Councillor Richard Hartley)").check()
    page.get_by_role("button", name="Create review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_accessible(page)
    review = Review.objects.get(title=TITLE)
    assert review.stage == Stage.ANALYSE

    # It scores the review's priority against the six criteria, each with its rationale.
    page.get_by_role("link", name="Priority", exact=True).click()
    page.get_by_role("button", name="Assess the priority").click()
    for criterion, score in SCORES.items():
        page.get_by_role("group", name=f"Score for {criterion}").get_by_label(str(score), exact=True).check()
        page.get_by_label(f"Rationale for the {criterion} score").fill(f"Evidence on {criterion} from the analysis.")
    page.get_by_label("Why it ranks here").fill(SUMMARY)
    page.get_by_role("button", name="Save the priority").click()
    assert_accessible(page)
    review.refresh_from_db()
    # (25*5 + 20*4 + 15*5 + 15*3 + 15*2 + 10*4) / (100*5) * 100 = 79.00
    assert review.priority.score == Decimal("79.00")
    expect(page.locator("main")).to_contain_text("79")

    # Two saving lines, each with its named accountable owner.
    for reference, description, amount, owner in (
        ("CS-01", "Fewer calls through online forms", "150,000", "Lucy Fenwick, Performance and Insight Manager"),
        ("CS-02", "One contact centre instead of three", "£85,000.50", "Mark Ellison, Policy Officer"),
    ):
        page.get_by_role("link", name="Savings", exact=True).click()
        page.get_by_role("button", name="Add a saving").click()
        page.get_by_label("Financial year").select_option(label="2027/28")
        page.get_by_label("Budget reference").fill(reference)
        page.get_by_label("Description").fill(description)
        page.get_by_label("Amount claimed in the budget (£)").fill(amount)
        page.get_by_label("Accountable owner").select_option(label=owner)
        page.get_by_role("button", name="Add saving").click()
        assert_accessible(page)
    lines = SavingLine.objects.filter(review=review).order_by("budget_reference")
    assert [(line.claimed, line.owner) for line in lines] == [
        (Decimal("150000.00"), owner_one),
        (Decimal("85000.50"), owner_two),
    ]
    expect(page.locator("main")).to_contain_text("£235,000.50")
    sign_out(page)

    # The accountable Cabinet Member passes the Analyse gate, on evidence.
    sign_in(page, hartley.user.email, PASSWORD)
    page.get_by_role("link", name="Commissioning", exact=True).click()
    page.get_by_role("link", name=TITLE).first.click()
    page.get_by_role("button", name="Pass the Analyse gate").click()
    assert_accessible(page)
    page.get_by_label("Evidence").fill("Needs analysis and demand data reported to the programme board.")
    page.get_by_role("button", name="Pass the gate").click()
    assert_accessible(page)
    review.refresh_from_db()
    assert review.stage == Stage.PLAN
    decision = GateDecision.objects.get(review=review)
    assert (decision.decided_by, decision.from_stage, decision.to_stage) == (hartley.user, "analyse", "plan")
    expect(page.locator("main")).to_contain_text("Richard Hartley")
    sign_out(page)

    # The O&S Chair opens the schedule: the review ranked, its rationale beside the rank, and the
    # savings claimed against realised.
    sign_in(page, chair.user.email, PASSWORD)
    page.get_by_role("link", name="Commissioning", exact=True).click()
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text(SUMMARY)
    expect(row).to_contain_text("£235,000.50")
    expect(row).to_contain_text("£0.00")
    expect(row.get_by_role("cell").first).to_contain_text("1")
    # The Chair reads but cannot pass gates or add savings.
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_role("button", name="Pass the Plan gate")).to_have_count(0)
    page.get_by_role("link", name="Savings", exact=True).click()
    expect(page.get_by_role("button", name="Add a saving")).to_have_count(0)
    assert_accessible(page)


def test_without_javascript_a_cabinet_member_filters_the_schedule_and_passes_a_gate(page_without_javascript):
    """Core flows need no JavaScript: the schedule's filters are a GET form, the gate a plain POST."""
    from tests.factories import ReviewFactory

    page = page_without_javascript
    hartley = MemberFactory(user__email="hartley@northbridge.example")
    hartley.user.groups.add(Group.objects.get(name=Role.CABINET_MEMBER.value))
    corporate = PortfolioFactory(title="Corporate Services", cabinet_member=hartley)
    leisure = PortfolioFactory(title="Communities and Leisure")
    ours = ReviewFactory(title="Customer Contact and Digital Services", portfolios=[corporate])
    ReviewFactory(title="Leisure Centres Management", portfolios=[leisure])

    sign_in(page, hartley.user.email, PASSWORD)
    page.goto("/commissioning/")
    page.get_by_label("Portfolio").select_option(label="Corporate Services")
    page.get_by_role("button", name="Show reviews").click()
    main = page.locator("main")
    expect(main).to_contain_text(ours.title)
    expect(main).not_to_contain_text("Leisure Centres Management")
    assert_accessible(page)

    page.get_by_role("link", name=ours.title).first.click()
    page.get_by_role("button", name="Pass the Analyse gate").click()
    page.get_by_label("Evidence").fill("The needs analysis, agreed at the programme board.")
    page.get_by_role("button", name="Pass the gate").click()
    expect(page.locator("main")).to_contain_text("Plan stage")
    ours.refresh_from_db()
    assert ours.stage == Stage.PLAN
