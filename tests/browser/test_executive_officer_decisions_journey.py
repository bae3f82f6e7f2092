"""A browser journey: an officer records the contract they awarded under delegation, with the
tendered prices as its exempt part; Democratic Services publish it from their dashboard; the public
finds it in the register by a word of it and reads it without the exempt part, without JavaScript."""

import datetime

import pytest
from django.utils import timezone

from council.roles import Role
from executive.models import OfficerDecision
from tests.factories import OfficerFactory, UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

EXEMPT = "Fieldwork North tendered 184,000 pounds"


def test_officer_records_a_contract_award_the_clerk_publishes_it_and_the_public_finds_it(
    page, page_without_javascript, live_server
):
    OfficerFactory(user__email="officer@northbridge.example", directorate="Place")
    UserFactory(email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES])
    decided = timezone.localdate() - datetime.timedelta(days=2)

    sign_in(page, "officer@northbridge.example", PASSWORD)
    page.goto(f"{live_server.url}/executive/officer-decisions/")
    page.get_by_role("button", name="Record an officer decision").click()
    assert_accessible(page)
    page.get_by_label("Matter").fill("Award of the residents' survey contract")
    page.get_by_label("Awards a contract that materially affects the council's financial position").check()
    page.get_by_label("Authority relied on").fill("Scheme of Delegation, paragraph C7")
    page.get_by_label("Decided on").fill(decided.isoformat())
    page.get_by_label("The decision", exact=True).fill("To award the contract to Fieldwork North Ltd.")
    page.get_by_label("Reasons for the decision").fill("The most economically advantageous tender.")
    page.get_by_label("Exempt part of the record").fill(EXEMPT)
    page.get_by_role("button", name="Record the decision").click()
    assert "An exempt part needs its Schedule 12A paragraph" in page.content()  # what was typed stays
    assert page.get_by_label("Matter").input_value() == "Award of the residents' survey contract"
    page.get_by_label("Schedule 12A paragraph").select_option("3")
    page.get_by_role("button", name="Record the decision").click()
    assert "Democratic Services publish it" in page.content()
    assert_accessible(page)
    page.context.clear_cookies()

    sign_in(page, "clerk@northbridge.example", PASSWORD)
    assert "Officer decisions to publish" in page.content()
    page.get_by_role("link", name="Award of the residents' survey contract").click()
    page.get_by_role("button", name="Publish the officer decision").click()
    page.get_by_role("button", name="Publish").click()
    assert "Officer decision published" in page.content()
    assert OfficerDecision.objects.get().published_on == timezone.localdate()
    page.context.clear_cookies()

    public = page_without_javascript
    public.goto(f"{live_server.url}/executive/officer-decisions/")
    public.get_by_label("Search").fill("residents' survey")
    public.get_by_role("button", name="Apply filters").click()
    public.get_by_role("link", name="Award of the residents' survey contract").click()
    content = public.content()
    assert "paragraph 3 of Schedule 12A" in content and EXEMPT not in content
    assert_accessible(public)
