"""The schedule of commissioning reviews: every review in priority order with the rationale beside
its rank, its stages, who is accountable, its RAG and its savings; filters; a fixed query count."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from commissioning.models import Rag, ReviewStatus, SavingLine, SavingStatus, Stage
from council.roles import Role
from tests.factories import (
    MemberFactory,
    PortfolioFactory,
    ProgrammeBoardFactory,
    ReviewFactory,
    SavingLineFactory,
    UserFactory,
)
from tests.test_commissioning_priorities import assess

pytestmark = pytest.mark.django_db

URL = "/commissioning/"


@pytest.fixture
def reader(client_for):
    return client_for(UserFactory(roles=[Role.COUNCILLOR]))


def page_of(client, **filters) -> str:
    return client.get(reverse("commissioning:review-list"), filters).content.decode()


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def order_of(html: str, *titles: str) -> list[str]:
    return sorted(titles, key=html.index)


def table(html: str, caption: str) -> str:
    start = html.index(caption)
    return html[start : html.index("</table>", start)]


def test_the_schedule_is_the_commissioning_home_page():
    assert reverse("commissioning:review-list") == URL


def test_the_public_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", list(Role))
def test_everyone_signed_in_sees_the_schedule(client_for, role):
    ReviewFactory(title="Day Opportunities for Adults")
    response = client_for(UserFactory(roles=[role])).get(URL)
    assert response.status_code == 200
    assert "Day Opportunities for Adults" in response.content.decode()


def test_reviews_are_in_priority_order_with_ties_by_title_and_the_unassessed_last(reader):
    assess(ReviewFactory(title="Waste Collection"), 2)
    assess(ReviewFactory(title="Homelessness Prevention"), 5)
    assess(ReviewFactory(title="Leisure Centres"), 4)
    assess(ReviewFactory(title="Early Help"), 4)
    ReviewFactory(title="Customer Contact")
    ReviewFactory(title="Archives")

    page = text(page_of(reader))
    assert order_of(
        page,
        "Waste Collection",
        "Homelessness Prevention",
        "Leisure Centres",
        "Early Help",
        "Customer Contact",
        "Archives",
    ) == [
        "Homelessness Prevention",
        "Early Help",
        "Leisure Centres",
        "Waste Collection",
        "Archives",
        "Customer Contact",
    ]
    assert "1 Score 100.00 out of 100 Homelessness Prevention" in page
    assert "2 (joint) Score 80.00 out of 100 Early Help" in page
    assert "2 (joint) Score 80.00 out of 100 Leisure Centres" in page
    assert "3 Score 40.00 out of 100 Waste Collection" in page
    assert "Not yet assessed Archives" in page


def test_the_rationale_is_beside_the_rank(reader):
    assess(
        ReviewFactory(title="Homelessness Prevention"),
        4,
        summary="Households in temporary accommodation have doubled in two years.",
    )
    page = text(page_of(reader))
    # In the review's own row, under "Priority and who is accountable" (open on demand, so rows stay short).
    assert (
        "1 Score 80.00 out of 100 Homelessness Prevention "
        "Priority, who is accountable and stages of Homelessness Prevention Adults and Health: Adult social care "
        "Households in temporary accommodation have doubled in two years. Priority assessment" in page
    )


def test_the_priority_link_of_a_review_not_yet_assessed_reads_in_order(reader):
    # Read aloud, the link names the review before saying it is not assessed.
    ReviewFactory(title="Customer Contact")
    page = text(page_of(reader))
    assert "Priority of Customer Contact : not yet assessed" in page
    assert "not yet assessed of" not in page


def test_completed_and_stopped_reviews_are_listed_apart_and_not_ranked(reader):
    assess(ReviewFactory(title="Facilities Management", status=ReviewStatus.COMPLETED), 5)
    ReviewFactory(title="Mobile Libraries", status=ReviewStatus.STOPPED)
    assess(ReviewFactory(title="Leisure Centres"), 1)

    html = page_of(reader)
    open_table = table(html, "Open reviews in priority order")
    closed_table = table(html, "Completed and stopped reviews (not ranked)")
    assert "Leisure Centres" in open_table and "Facilities Management" not in open_table
    assert "Facilities Management" in closed_table and "Mobile Libraries" in closed_table
    assert "1 Score 20.00" in text(open_table)  # the completed review's 100.00 does not outrank it
    assert "Not ranked Score 100.00 out of 100 Facilities Management" in text(closed_table)


def test_each_review_shows_its_stages_with_the_current_one_in_words(reader):
    review = ReviewFactory(title="Home to School Transport", stage=Stage.PLAN)
    review.stages.filter(stage=Stage.PLAN).update(
        planned_start=datetime.date(2026, 7, 1), planned_end=datetime.date(2026, 10, 31)
    )
    page = text(page_of(reader))
    assert (
        "Analyse (done) Dates not planned Plan (current stage) Planned 1 Jul 2026 to 31 Oct 2026 Do Dates not planned"
        in page
    )


def test_stages_that_have_run_show_when_they_ran_and_the_rest_when_they_are_planned(reader):
    # A stage passed early must not read "done" with an end date still to come.
    review = ReviewFactory(title="Waste Collection", stage=Stage.DO)
    dates = {
        Stage.ANALYSE: ("2025-12-25", "2026-04-23", "2025-12-25", "2026-03-30"),
        Stage.PLAN: ("2026-04-24", "2026-08-21", "2026-03-30", "2026-07-03"),
        Stage.DO: ("2026-08-22", "2027-05-18", "2026-07-03", None),
        Stage.REVIEW: ("2027-05-19", "2027-09-15", None, None),
    }
    for stage, (planned_start, planned_end, actual_start, actual_end) in dates.items():
        review.stages.filter(stage=stage).update(
            planned_start=planned_start, planned_end=planned_end, actual_start=actual_start, actual_end=actual_end
        )
    page = text(page_of(reader))
    assert "Analyse (done) 25 Dec 2025 to 30 Mar 2026 Plan (done) 30 Mar 2026 to 3 Jul 2026" in page
    assert "Do (current stage) Started 3 Jul 2026, planned to end 18 May 2027" in page
    assert "Review Planned 19 May 2027 to 15 Sep 2027" in page
    assert "22 Aug 2026" not in page  # the Do stage's planned start, overtaken by its actual start


def test_each_review_shows_its_cabinet_members_board_rag_and_status(reader):
    holder = MemberFactory(user=UserFactory(first_name="Priya", last_name="Shah", roles=[Role.CABINET_MEMBER]))
    children = PortfolioFactory(title="Children and Families", cabinet_member=holder)
    communities = PortfolioFactory(title="Communities and Leisure", cabinet_member=None)
    board = ProgrammeBoardFactory(name="Early Help Programme Board")
    ReviewFactory(
        title="Early Help",
        portfolios=[children, communities],
        programme_board=board,
        rag=Rag.AMBER,
        rag_reason="Provider market thin",
        rag_date=datetime.date(2026, 10, 1),
        status=ReviewStatus.IN_PROGRESS,
    )
    html = page_of(reader)
    page = text(html)
    assert "Priya Shah, Cabinet Member Children and Families" in page
    assert "Vacant: Cabinet Member Communities and Leisure" in page
    assert f'href="{board.get_absolute_url()}">Early Help Programme Board</a>' in html
    assert "Amber" in page and "In progress" in page


def test_savings_claimed_and_realised_are_summed_per_review_with_totals_at_the_foot(reader):
    # Two portfolios and three lines on one review: a join would multiply the sums.
    review = ReviewFactory(title="Day Opportunities", portfolios=[PortfolioFactory(), PortfolioFactory()])
    SavingLineFactory(review=review, claimed=Decimal("100000.00"), realised=Decimal("25000.50"))
    SavingLineFactory(
        review=review,
        financial_year=2027,
        claimed=Decimal("50000.25"),
        realised=Decimal("0.00"),
        status=SavingStatus.AT_RISK,
    )
    SavingLineFactory(review=review, claimed=Decimal("10000.00"), forecast=Decimal("0"), status=SavingStatus.WITHDRAWN)
    other = ReviewFactory(title="Waste Collection")
    SavingLineFactory(review=other, claimed=Decimal("9.99"), realised=Decimal("9.99"))
    ReviewFactory(title="No Savings Yet")

    page = text(page_of(reader))
    totals = SavingLine.objects.filter(review=review).totals()
    assert (totals["claimed"], totals["realised"]) == (Decimal("160000.25"), Decimal("25000.50"))
    # Target, forecast, realised and the share realised.
    assert "Day Opportunities" in page and "£160,000.25 £200,000.00 £25,000.50 16%" in page
    assert "£9.99 £100,000.00 £9.99 100%" in page
    assert "£0.00 £0.00 £0.00 –" in page
    assert "Total for the 3 reviews in this table £160,010.24 £300,000.00 £25,010.49 16%" in page


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"stage": "plan"}, {"Home to School Transport"}),
        ({"rag": "red"}, {"Waste Collection"}),
        ({"rag": "none"}, {"Home to School Transport", "Facilities Management"}),
        ({"status": "completed"}, {"Facilities Management"}),
        ({"stage": "analyse", "rag": "red"}, {"Waste Collection"}),
        ({"stage": "do"}, set()),
        ({"stage": "not-a-stage"}, {"Home to School Transport", "Waste Collection", "Facilities Management"}),
    ],
)
def test_filters_by_stage_rag_and_status(reader, query, shown):
    ReviewFactory(title="Home to School Transport", stage=Stage.PLAN)
    ReviewFactory(title="Waste Collection", rag=Rag.RED, rag_reason="Late", rag_date=datetime.date(2026, 11, 1))
    ReviewFactory(title="Facilities Management", stage=Stage.REVIEW, status=ReviewStatus.COMPLETED)
    page = page_of(reader, **query)
    titles = {"Home to School Transport", "Waste Collection", "Facilities Management"}
    assert {title for title in titles if title in page} == shown
    if not shown:
        assert "No reviews match these filters." in page


def test_filter_by_portfolio_keeps_the_council_wide_rank(reader):
    children = PortfolioFactory(title="Children and Families")
    assess(ReviewFactory(title="Homelessness Prevention"), 5)
    assess(ReviewFactory(title="Home to School Transport", portfolios=[children]), 3)
    assess(ReviewFactory(title="Early Help", portfolios=[children, PortfolioFactory()]), 1)

    html = page_of(reader, portfolio=children.pk)
    page = text(html)
    assert "Homelessness Prevention" not in page
    assert "2 Score 60.00 out of 100 Home to School Transport" in page
    assert "3 Score 20.00 out of 100 Early Help" in page
    assert page.count("Priority assessment of Early Help") == 1  # listed once, though in two portfolios
    assert f'<option value="{children.pk}" selected>Children and Families</option>' in html
    assert "Clear the filters" in html


def test_the_create_button_is_for_those_who_create_reviews(client_for):
    officer_page = page_of(client_for(UserFactory(roles=[Role.COMMISSIONING_OFFICER])))
    councillor_page = page_of(client_for(UserFactory(roles=[Role.COUNCILLOR])))
    try:
        add_url = reverse("commissioning:review-add")
    except NoReverseMatch:  # the reviews work has not added its page yet: no button for anyone
        add_url = None
    assert ("Create a review" in officer_page) == (add_url is not None)
    assert "Create a review" not in councillor_page


def test_the_weights_are_explained_and_administrators_may_change_them(client_for):
    admin_page = page_of(client_for(UserFactory(roles=[Role.ADMINISTRATOR])))
    officer_page = page_of(client_for(UserFactory(roles=[Role.OFFICER])))
    assert "How reviews are ranked" in officer_page and "Statutory duty</strong> (weight 15)" in officer_page
    assert reverse("commissioning:weights") in admin_page
    assert reverse("commissioning:weights") not in officer_page


def _review_with_everything(n: int):
    holder = MemberFactory(user=UserFactory(roles=[Role.CABINET_MEMBER]))
    review = ReviewFactory(
        title=f"Review {n:02d}",
        portfolios=[PortfolioFactory(cabinet_member=holder), PortfolioFactory()],
        programme_board=ProgrammeBoardFactory(),
        status=ReviewStatus.COMPLETED if n % 7 == 0 else ReviewStatus.IN_PROGRESS,
    )
    SavingLineFactory(review=review)
    SavingLineFactory(review=review, financial_year=2027)
    if n % 5:
        assess(review, n % 6)
    return review


def test_the_schedule_makes_as_many_queries_for_30_reviews_as_for_3(client_for, django_assert_num_queries):
    client = client_for(UserFactory(roles=[Role.COUNCILLOR]))
    for n in range(3):
        _review_with_everything(n)
    client.get(URL)  # warm the session and the content types
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(3, 30):
        _review_with_everything(n)
    with django_assert_num_queries(len(few)):
        client.get(URL)
    assert len(few) <= 16, len(few)
    page = client.get(URL).content.decode()
    assert "Review 29" in page and "Total for the" in page


# --- Commissioning at a glance: who answers for each review, against plan, filtered and sorted ----


def test_the_schedule_uses_the_full_width_of_the_page(reader):
    ReviewFactory(title="Waste Collection")
    html = page_of(reader)
    assert 'class="govuk-width-container app-width-container--full"' in html
    assert 'role="region" aria-labelledby="open-reviews-caption" tabindex="0"' in re.sub(r"\s+", " ", html)


def test_each_review_shows_its_lead_officer_with_post_savings_owners_and_gate(reader):
    from tests.factories import OfficerFactory

    lead = OfficerFactory(user__first_name="Sarah", user__last_name="Whitfield", job_title="Head of Commissioning")
    review = ReviewFactory(title="Leisure Centres", lead_officer=lead.user, stage=Stage.PLAN)
    review.stages.filter(stage=Stage.PLAN).update(
        actual_start=datetime.date(2026, 7, 1), planned_end=datetime.date(2099, 10, 31)
    )
    review.stages.filter(stage=Stage.ANALYSE).update(actual_end=datetime.date(2026, 6, 30))
    for first, last in (("Lucy", "Fenwick"), ("Mark", "Ellison")):
        SavingLineFactory(review=review, owner=UserFactory(first_name=first, last_name=last))
    page = text(page_of(reader))
    assert "Sarah Whitfield, Head of Commissioning" in page
    assert "Mark Ellison , Lucy Fenwick" in page
    assert "Plan , started 1 Jul 2026" in page
    assert "Plan gate due 31 Oct 2099 Last gate passed 30 Jun 2026" in page
    assert "On plan" in page


def test_a_review_past_its_gate_date_is_behind_plan(reader):
    review = ReviewFactory(
        title="Parking Services", rag=Rag.GREEN, rag_reason="Fine", rag_date=datetime.date(2026, 1, 1)
    )
    review.stages.filter(stage=Stage.ANALYSE).update(planned_end=datetime.date(2020, 1, 31))
    page = text(page_of(reader))
    assert re.search(r"Green \d+ days behind plan", page)


def test_the_next_decision_is_the_earliest_open_forward_plan_entry(reader):
    from commissioning.models import ReviewDecision
    from tests.factories import ForwardPlanEntryFactory

    review = ReviewFactory(title="Waste Collection")
    for day in (datetime.date(2027, 3, 4), datetime.date(2027, 1, 12)):
        entry = ForwardPlanEntryFactory(title=f"Waste {day}", expected_decision_on=day)
        ReviewDecision.objects.create(review=review, entry=entry, linked_by=review.lead_officer)
    page = text(page_of(reader))
    assert "12 Jan 2027 : Waste 2027-01-12" in page
    assert "Waste 2027-03-04" not in page


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"directorate": "Place"}, {"Waste Collection"}),
        ({"directorate": "Adults and Health"}, {"Day Opportunities", "Early Help"}),
        ({"rag": "amber"}, {"Early Help"}),
    ],
)
def test_filters_by_directorate_and_rag(reader, query, shown):
    ReviewFactory(title="Waste Collection", directorate="Place")
    ReviewFactory(title="Day Opportunities")
    ReviewFactory(title="Early Help", rag=Rag.AMBER, rag_reason="Thin market", rag_date=datetime.date(2026, 11, 1))
    page = page_of(reader, **query)
    titles = {"Waste Collection", "Day Opportunities", "Early Help"}
    assert {title for title in titles if title in page} == shown


def test_filter_by_owner_finds_the_reviews_they_lead_or_own_a_saving_of(reader):
    person = UserFactory(first_name="Lucy", last_name="Fenwick", roles=[Role.COMMISSIONING_OFFICER])
    ReviewFactory(title="Waste Collection", lead_officer=person)
    SavingLineFactory(review=ReviewFactory(title="Day Opportunities"), owner=person)
    ReviewFactory(title="Early Help")
    html = page_of(reader, owner=person.pk)
    assert "Waste Collection" in html and "Day Opportunities" in html and "Early Help" not in html
    assert f'<option value="{person.pk}" selected>Lucy Fenwick</option>' in html


def test_sorts_by_target_and_by_rag(reader):
    small = ReviewFactory(title="Archives", rag=Rag.GREEN, rag_reason="Fine", rag_date=datetime.date(2026, 1, 1))
    big = ReviewFactory(title="Waste Collection", rag=Rag.RED, rag_reason="Late", rag_date=datetime.date(2026, 1, 1))
    SavingLineFactory(review=small, claimed=Decimal("1000"))
    SavingLineFactory(review=big, claimed=Decimal("900000"))
    assert order_of(text(page_of(reader)), "Archives", "Waste Collection") == ["Archives", "Waste Collection"]
    by_target = text(page_of(reader, sort="target"))
    assert order_of(by_target, "Archives", "Waste Collection") == ["Waste Collection", "Archives"]
    by_rag = text(page_of(reader, sort="rag"))
    assert order_of(by_rag, "Archives", "Waste Collection") == ["Waste Collection", "Archives"]
