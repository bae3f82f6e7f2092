"""Commissioning at a glance (issue 16): a councillor opens the schedule on a 1080p screen and sees
at least ten reviews at once with their stage, RAG against plan, who answers for them and their
savings; filters it to the red reviews, sorts it by target and reads the totals; on a phone-sized
screen (320px) the page does not scroll sideways, only the table inside its own region."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from commissioning.models import Rag
from council.roles import Role
from tests.factories import OfficerFactory, ReviewFactory, SavingLineFactory, UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

RAGS = [Rag.RED, Rag.AMBER, Rag.GREEN]


def _reviews(count: int) -> None:
    lead = OfficerFactory(user__first_name="Sarah", user__last_name="Whitfield", job_title="Head of Commissioning")
    owner = UserFactory(first_name="Lucy", last_name="Fenwick", roles=[Role.OFFICER])
    for n in range(count):
        review = ReviewFactory(
            title=f"Review of service {n + 1:02d}",
            lead_officer=lead.user,
            rag=RAGS[n % 3],
            rag_reason="As reported to the board",
            rag_date=datetime.date(2026, 11, 1),
        )
        SavingLineFactory(
            review=review, owner=owner, claimed=Decimal(10_000 * (n + 1)), realised=Decimal(5_000 * (n + 1))
        )


def _rows_in_view(page) -> int:
    """The schedule's rows wholly inside the window."""
    return page.evaluate(
        """() => [...document.getElementById('open-reviews-caption').closest('table').querySelectorAll('tbody tr')]
            .filter(row => { const box = row.getBoundingClientRect();
                             return box.top >= 0 && box.bottom <= window.innerHeight; }).length"""
    )


def test_a_councillor_reads_filters_and_sorts_the_schedule_at_a_glance(browser, live_server):
    _reviews(12)
    reader = UserFactory(email="councillor@northbridge.example", roles=[Role.COUNCILLOR])
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1920, "height": 1080})
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in(page, reader.email, PASSWORD)
        page.goto("/commissioning/")
        assert_accessible(page)
        table = page.get_by_role("region", name="Open reviews in priority order")
        expect(table).to_contain_text("Sarah Whitfield, Head of Commissioning")
        expect(table).to_contain_text("Lucy Fenwick")
        # With the table at the top of the window, a 1080p screen shows at least ten reviews.
        page.locator("#open-reviews-caption").evaluate("caption => caption.scrollIntoView()")
        shown = _rows_in_view(page)
        print(f"schedule: {shown} rows in a 1920x1080 window")
        assert shown >= 10, shown
        expect(page.locator("tfoot")).to_contain_text("Total for the 12 reviews in this table")
        expect(page.locator("tfoot")).to_contain_text("£780,000.00")

        # Only the red reviews.
        page.get_by_label("RAG rating").select_option(label="Red")
        page.get_by_role("button", name="Show reviews").click()
        page.wait_for_load_state()
        assert_accessible(page)
        rows = page.locator("table tbody > tr")
        expect(rows).to_have_count(4)
        for n in range(4):
            expect(rows.nth(n)).to_contain_text("Red")
        expect(page.locator("tfoot")).to_contain_text("Total for the 4 reviews in this table")

        # The red ones, largest target first.
        page.get_by_label("Sort by").select_option(label="Target savings (largest first)")
        page.get_by_role("button", name="Show reviews").click()
        page.wait_for_load_state()
        expect(rows.first.get_by_role("rowheader")).to_contain_text("Review of service 10")
        expect(rows.last.get_by_role("rowheader")).to_contain_text("Review of service 01")
        expect(page.get_by_label("RAG rating")).to_have_value("red")

        # At 320px wide the page reflows: only the table's own region scrolls sideways.
        page.set_viewport_size({"width": 320, "height": 800})
        page.goto("/commissioning/")
        page.wait_for_load_state()
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        region = page.get_by_role("region", name="Open reviews in priority order")
        expect(region).to_have_attribute("tabindex", "0")
        assert region.evaluate("box => box.scrollWidth > box.clientWidth")
    finally:
        context.close()
