"""Lists that grow with the archive come a page at a time (issue 17): ``LIST_PAGE_SIZE`` rows, in the
GOV.UK pagination pattern, with links that keep the filters. Here the page size is 2, so three rows
make two pages."""

import datetime
import re

import pytest
from django.urls import reverse

from commissioning.models import ReviewStatus, SavingStatus
from council.roles import Role
from members.models import ConsultationState
from scrutiny.models import AgendaItem, MeetingStatus, Minute, Recommendation, RecommendationResponse, Resolution
from tests.factories import ConsultationFactory, MeetingFactory, ReviewFactory, SavingLineFactory, UserFactory
from tests.test_executive_call_in_views import _decision

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_a_page(settings):
    settings.LIST_PAGE_SIZE = 2


def pagination(html: str) -> str:
    found = re.search(r'<nav class="govuk-pagination".*?</nav>', html, re.S)
    return found.group(0) if found else ""


def test_the_decisions_list_shows_a_page_and_keeps_the_filter(client):
    clerk = UserFactory(roles=["Democratic Services"])
    for n in range(3):
        _decision(clerk, title=f"Decision number {n}")
    url = reverse("executive:decision-list")

    first = client.get(url, {"decided_from": "2026-01-01"}).content.decode()
    assert first.count("Decision number") == 2 and "Page 1 of 2" in first
    assert 'aria-label="Pages of decisions"' in pagination(first)
    assert 'href="?decided_from=2026-01-01&amp;page=2"' in pagination(first) and 'rel="prev"' not in pagination(first)
    second = client.get(url, {"decided_from": "2026-01-01", "page": "2"}).content.decode()
    assert second.count("Decision number") == 1 and "Page 2 of 2" in second


def test_answered_recommendations_come_a_page_at_a_time_the_latest_first(client_for, clerk_of):
    meeting = MeetingFactory(status=MeetingStatus.MINUTES_CONFIRMED)
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Leisure charges")
    resolution = Resolution.objects.create(
        minute=Minute.objects.create(item=item, text="Discussed."), position=1, text="Resolved."
    )
    for n in range(3):
        made_on = datetime.date(2024, 1, 10 + n)
        Recommendation.objects.create(
            resolution=resolution,
            text=f"Answered recommendation {n}",
            to_whom="Cabinet",
            made_on=made_on,
            response=RecommendationResponse.ACCEPTED,
            responded_on=made_on,
        )
    client = client_for(clerk_of(meeting.body))
    url = reverse("scrutiny:recommendations")

    first = client.get(url).content.decode()
    assert "Answered (3)" in first
    assert "Answered recommendation 2" in first and "Answered recommendation 1" in first
    assert "Answered recommendation 0" not in first
    assert 'aria-label="Pages of answered recommendations"' in pagination(first)
    assert "Answered recommendation 0" in client.get(url, {"page": "2"}).content.decode()


def test_the_schedule_shows_a_page_of_completed_reviews_with_the_totals_of_all(client_for):
    for n in range(3):
        ReviewFactory(title=f"Finished review {n}", status=ReviewStatus.COMPLETED)
    client = client_for(UserFactory(roles=[Role.ADMINISTRATOR]))
    url = reverse("commissioning:review-list")

    first = client.get(url).content.decode()
    assert sum(f"Finished review {n}" in first for n in range(3)) == 2
    assert "Total for all 3 reviews in this table’s pages" in first
    assert 'aria-label="Pages of completed and stopped reviews"' in pagination(first)
    second = client.get(url, {"page": "2"}).content.decode()
    assert sum(f"Finished review {n}" in second for n in range(3)) == 1


def test_a_reviews_history_comes_a_page_at_a_time(client_for):
    review = ReviewFactory(title="Home care recommissioning")
    for n in range(3):
        review.scope = f"Scope, version {n}"
        review.save()
    client = client_for(UserFactory(roles=[Role.ADMINISTRATOR]))
    url = reverse("commissioning:review-timeline", args=[review.pk])

    first = client.get(url).content.decode()
    assert first.count('class="app-history__entry"') == 2
    assert 'aria-label="Pages of the history"' in pagination(first) and "Page 1 of 2" in first
    assert client.get(url, {"page": "2"}).content.decode().count('class="app-history__entry"') >= 1


def test_the_consultations_an_officer_runs_come_a_page_at_a_time(client_for):
    owner = UserFactory(roles=["Cabinet Member"])
    for n in range(3):
        ConsultationFactory(owner=owner, title=f"Consultation number {n}", state=ConsultationState.CLOSED)
    client = client_for(owner)
    url = reverse("members:consultation-list")

    first = client.get(url).content.decode()
    assert first.count("Consultation number") == 2
    assert 'aria-label="Pages of consultations"' in pagination(first)
    assert client.get(url, {"page": "2"}).content.decode().count("Consultation number") == 1


def test_the_savings_in_doubt_are_a_page_the_latest_years_first_with_a_way_to_all(client_for):
    for year in (2024, 2025, 2026):
        SavingLineFactory(financial_year=year, status=SavingStatus.AT_RISK, budget_reference=f"AT-{year}")
    client = client_for(UserFactory(roles=[Role.FINANCE_OFFICER]))

    page = client.get(reverse("commissioning:savings")).content.decode()
    doubtful = page.split("At risk or slipped (3)", 1)[1].split("Saving lines (3)", 1)[0]
    assert "AT-2026" in doubtful and "AT-2025" in doubtful and "AT-2024" not in doubtful
    assert 'href="?status=at_risk"' in doubtful
