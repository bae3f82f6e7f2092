"""Separation of duties as the attacker tries it (issue 11, finding 7): a commissioning officer
who may not decide a review's gate seats themselves on its programme board, then tries again."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.models import GateDecision, Stage
from commissioning.services import reviews as services
from council.roles import Role
from tests.factories import OfficerFactory, ReviewFactory, UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Day Opportunities for Adults"
EVIDENCE = "Needs analysis presented to the board."


def test_an_officer_who_seats_themselves_on_the_board_still_cannot_pass_the_gate(page):
    officer = OfficerFactory(
        user__first_name="Tom", user__last_name="Reeve", user__email="tom@northbridge.example"
    ).user
    officer.groups.add(*officer.groups.model.objects.filter(name=Role.COMMISSIONING_OFFICER.value))
    review = ReviewFactory(title=TITLE)
    services.board_create(review=review, by=UserFactory(roles=[Role.COMMISSIONING_OFFICER]))

    sign_in(page, officer.email, PASSWORD)
    page.goto(review.get_absolute_url())
    expect(page.get_by_role("button", name="Pass the Analyse gate")).to_have_count(0)

    # The officer seats themselves on the review's programme board: the form lets them.
    page.get_by_role("link", name="Board and working group").click()
    page.get_by_role("link", name="Add a member to the board").click()
    page.get_by_label("Person").select_option(value=str(officer.pk))
    page.get_by_label("Member", exact=True).check()
    page.get_by_label("Start date").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Add member").click()
    expect(page.locator("main")).to_contain_text("Tom Reeve")

    # The seat is theirs, but it does not let them decide the gate: the review page says why.
    page.goto(review.get_absolute_url())
    expect(page.get_by_role("button", name="Pass the Analyse gate")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Your seat was added to the programme board by you")

    # Trying the gate's address anyway: warned before typing, refused in the error summary after.
    page.goto(f"{review.get_absolute_url()}gate/pass/")
    page.get_by_label("Evidence").fill(EVIDENCE)
    page.get_by_role("button", name="Pass the gate").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Your seat was added to the programme board by you")
    expect(summary).to_be_focused()
    expect(page.get_by_label("Evidence")).to_have_value(EVIDENCE)
    assert_accessible(page)
    review.refresh_from_db()
    assert review.stage == Stage.ANALYSE
    assert not GateDecision.objects.exists()
