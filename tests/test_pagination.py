"""Long lists come a page at a time, in the GOV.UK pagination pattern: the savings overview's saving
lines, an object's history and the council-wide attendance table. Each page has at most 50 rows,
links to the next and previous pages keep the filters, and a page costs the same number of queries
however many rows there are."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commissioning.models import SavingStatus
from council.roles import Role
from tests.factories import BodyFactory, PortfolioFactory, ReviewFactory, SavingLineFactory, UserFactory
from tests.test_attendance_stats import PRESENT, YEAR, councillor, held, line

pytestmark = pytest.mark.django_db


def rows_of(html: str) -> int:
    """The rows in the page's last table body."""
    return html.rsplit('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0].count("<tr")


def pagination(html: str) -> str:
    found = re.search(r'<nav class="govuk-pagination".*?</nav>', html, re.S)
    return found.group(0) if found else ""


def test_the_savings_overview_shows_fifty_lines_a_page_and_keeps_the_filter(client_for, person_with_role):
    client = client_for(person_with_role(Role.FINANCE_OFFICER))
    review = ReviewFactory(title="Home care recommissioning")
    SavingLineFactory.create_batch(55, review=review, financial_year=2026)
    SavingLineFactory(review=review, financial_year=2025)  # filtered out below
    url = reverse("commissioning:savings")

    first = client.get(url, {"year": "2026"}).content.decode()

    assert "Saving lines (55)" in first
    assert rows_of(first) == 50
    assert 'aria-label="Pages of saving lines"' in first and "Page 1 of 2" in first
    assert 'href="?year=2026&amp;page=2"' in pagination(first) and 'rel="prev"' not in pagination(first)
    # The spreadsheet still has every line the filter chose, not one page.
    assert 'savings.csv?year=2026"' in first

    second = client.get(url, {"year": "2026", "page": "2"}).content.decode()
    assert rows_of(second) == 5 and "Page 2 of 2" in second
    assert 'href="?year=2026&amp;page=1"' in pagination(second) and 'rel="next"' not in pagination(second)
    # A page out of range shows the last one, not an error.
    assert rows_of(client.get(url, {"year": "2026", "page": "99"}).content.decode()) == 5


def test_a_page_of_the_savings_overview_costs_the_same_queries_however_many_lines(
    client_for, person_with_role, django_assert_num_queries
):
    client = client_for(person_with_role(Role.FINANCE_OFFICER))
    url = reverse("commissioning:savings")
    SavingLineFactory.create_batch(51, status=SavingStatus.AT_RISK)
    client.get(url, {"page": "2"})
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"page": "2"})
    shared = ReviewFactory(portfolios=[PortfolioFactory(), PortfolioFactory()])
    SavingLineFactory.create_batch(60, review=shared, status=SavingStatus.SLIPPED)
    with django_assert_num_queries(len(few)):
        client.get(url, {"page": "2"})


def test_a_long_history_shows_the_newest_fifty_changes_first(client_for):
    administrator = UserFactory(roles=[Role.ADMINISTRATOR])
    body = BodyFactory(name="Audit Committee")
    for n in range(1, 60):
        body.purpose = f"Purpose, version {n}"
        body.save()
    client = client_for(administrator)
    url = reverse("history", args=["members", "body", body.pk])

    first = client.get(url).content.decode()
    assert first.count('class="app-history__entry"') == 50
    assert "Purpose, version 59" in first and "Purpose, version 5<" not in first
    assert 'aria-label="Pages of the history"' in first and "Older" in pagination(first)

    second = client.get(url, {"page": "2"}).content.decode()
    assert second.count('class="app-history__entry"') == 10
    assert ">Created</h2>" in second or "Created by" in second
    assert "Newer" in pagination(second)


def test_a_page_of_a_history_costs_the_same_queries_however_long(client_for, django_assert_num_queries):
    client = client_for(UserFactory(roles=[Role.ADMINISTRATOR]))
    body = BodyFactory()
    url = reverse("history", args=["members", "body", body.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(80):
        body.purpose = f"Purpose {n}"
        body.save()
    with django_assert_num_queries(len(few)):
        client.get(url, {"page": "2"})


def test_council_wide_attendance_shows_fifty_councillors_a_page_and_keeps_the_period(client):
    body = BodyFactory(name="Planning Committee")
    meeting = held(body, datetime.date(2025, 6, 2))
    for n in range(53):
        line(meeting, councillor(body, first_name="Councillor", last_name=f"Number {n:02}"), PRESENT)
    period = {"start": YEAR.start.isoformat(), "end": YEAR.end.isoformat()}
    url = reverse("scrutiny:attendance-council")

    first = client.get(url, period).content.decode()
    assert rows_of(first) == 50 and "Number 00" in first and "Number 50" not in first
    assert 'aria-label="Pages of councillors"' in first
    assert "start=2025-05-01&amp;end=2026-04-30&amp;page=2" in pagination(first)

    second = client.get(url, {**period, "page": "2"}).content.decode()
    assert rows_of(second) == 3 and "Number 52" in second
