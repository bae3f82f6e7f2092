"""A resident finds a phrase inside a published report and opens it at the page."""

import pytest

from council import permissions
from council.roles import Role
from tests.factories import BodyFactory, UserFactory
from tests.search_kit import add_report, published_meeting

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_finds_a_phrase_inside_a_published_report_and_opens_its_page(page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    body = BodyFactory(name="Health Scrutiny Committee")
    clerk = UserFactory(roles=[Role.DEMOCRATIC_SERVICES])
    permissions.grant("members.change_body", clerk, body)

    def paper(item):
        pages = ["Contents", "Summary of the year", "Obesity rates fell in Riverside ward for the third year"]
        add_report(item, clerk, "Annual public health report", pages)

    published_meeting(body, clerk, items=["Public health annual report"], hook=paper)

    page.goto("/search/")
    assert_accessible(page)
    page.get_by_label("Search for").fill('"obesity rates"')
    page.get_by_role("button", name="Search", exact=True).click()
    assert "1 result for" in page.locator("#results").inner_text()
    assert page.locator("mark").first.inner_text() == "Obesity"
    assert_accessible(page)

    hit = page.get_by_role("link", name="Annual public health report, page 3")
    href = hit.get_attribute("href")
    assert href.endswith("#page=3")
    opened = page.request.get(href)  # the PDF itself: Chromium headless would download it
    assert opened.status == 200
    assert opened.headers["content-type"] == "application/pdf"

    # Bad input is answered in the GOV.UK pattern, keeping what was typed.
    page.get_by_label("Search for").fill("parks")
    page.get_by_label("From").fill("2026-03-01")
    page.get_by_label("To").fill("2026-02-01")
    page.get_by_role("button", name="Apply filters").click()
    assert "The to date must be the same as or after the from date" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Search for").input_value() == "parks"
    assert_accessible(page)
