"""The start of the executive thread in the browser: an officer drafts a forward plan entry, the
clerk publishes the forward plan, a key decision taken too soon is refused with the earliest day,
and the public reads the plan."""

import datetime

import pytest
from django.utils import timezone

from council import calendar
from council.roles import Role
from executive.models import ForwardPlanEdition
from tests.factories import CabinetFactory, OfficerFactory, UserFactory
from tests.factories.council import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_officer_drafts_an_entry_the_clerk_publishes_the_forward_plan_and_the_public_reads_it(page, live_server):
    CabinetFactory()
    officer = OfficerFactory(user__email="officer@northbridge.example").user
    UserFactory(email="clerk@northbridge.example", roles=[Role.DEMOCRATIC_SERVICES])
    assert officer.groups.filter(name=Role.OFFICER.value).exists()

    sign_in(page, "officer@northbridge.example", PASSWORD)
    page.get_by_role("link", name="Forward plan", exact=True).click()
    page.get_by_role("button", name="Draft an entry").click()
    assert_accessible(page)
    page.get_by_label("Matter").fill("Re-commission the leisure service")
    page.get_by_label("Decision maker").select_option(label="Cabinet")
    expected = timezone.localdate() + datetime.timedelta(days=40)
    page.get_by_label("Expected decision date").fill(expected.isoformat())
    page.get_by_label("Expenditure or savings (£)").fill("900000")
    page.get_by_role("button", name="Save").click()
    assert "expenditure or savings above the threshold" in page.content()
    page.context.clear_cookies()

    sign_in(page, "clerk@northbridge.example", PASSWORD)
    page.goto(f"{live_server.url}/executive/forward-plan/publish/")
    assert_accessible(page)
    page.get_by_label("Re-commission the leisure service").check()
    page.get_by_role("button", name="Publish").click()
    assert "Edition 1 of the forward plan published" in page.content()
    edition = ForwardPlanEdition.objects.get()

    page.goto(f"{live_server.url}/executive/decisions/add/")
    page.get_by_label("Forward plan entry").select_option(label="Re-commission the leisure service")
    page.get_by_label("Decision maker").select_option(label="Cabinet")
    page.get_by_label("Decided on").fill(timezone.localdate().isoformat())
    page.get_by_label("The decision", exact=True).fill("To re-commission the service.")
    page.get_by_label("Reasons for the decision").fill("Best value.")
    page.get_by_role("button", name="Record the decision").click()
    earliest = calendar.earliest_key_decision_day(edition.published_on)
    assert f"may be taken from {earliest:%-d %B %Y}" in page.content()
    assert_accessible(page)
    page.context.clear_cookies()

    page.goto(f"{live_server.url}/executive/forward-plan/")
    assert "Re-commission the leisure service" in page.content()
    assert edition.sha256[:8] in page.content()
    assert_accessible(page)
