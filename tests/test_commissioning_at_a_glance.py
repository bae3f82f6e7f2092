"""Commissioning at a glance: a saving's status follows its figures, and confirmations say what
is now true. (The schedule's own tests are in tests/test_commissioning_schedule.py.)"""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.models import SavingStatus
from commissioning.services import savings as services
from council.roles import Role
from tests.factories import OfficerFactory, ReviewFactory, SavingLineFactory, UserFactory

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def owner():
    return OfficerFactory(user__first_name="Lucy", user__last_name="Fenwick", job_title="Performance Manager").user


@pytest.fixture
def line(owner):
    return SavingLineFactory(owner=owner, claimed=D("100000.00"), forecast=D("100000.00"))


def _update(line, owner, **fields):
    values = {"forecast": line.forecast, "realised": line.realised, "status": "on_track", "note": "Monthly"} | fields
    return services.saving_update_figures(line=line, by=owner, **values)


def test_a_forecast_below_the_claim_beyond_the_tolerance_is_at_risk_whatever_was_typed(line, owner, settings):
    settings.SAVINGS_TOLERANCE_PERCENT = 5
    updated = _update(line, owner, forecast=D("94000.00"), status="on_track", note="Provider costs rose")
    assert updated.status == SavingStatus.AT_RISK
    assert updated.status_override_reason == ""


def test_a_forecast_within_the_tolerance_stays_as_typed(line, owner, settings):
    settings.SAVINGS_TOLERANCE_PERCENT = 5
    assert _update(line, owner, forecast=D("95000.00"), status="on_track").status == SavingStatus.ON_TRACK


def test_the_tolerance_is_the_councils_setting(line, owner, settings):
    settings.SAVINGS_TOLERANCE_PERCENT = 10
    assert _update(line, owner, forecast=D("91000.00"), status="on_track").status == SavingStatus.ON_TRACK


def test_slipped_stays_slipped_the_rule_only_raises_the_status(line, owner, settings):
    settings.SAVINGS_TOLERANCE_PERCENT = 5
    assert _update(line, owner, forecast=D("50000.00"), status="slipped").status == SavingStatus.SLIPPED


def test_on_track_by_hand_needs_a_reason_which_is_kept_and_shown(client, line, owner, settings):
    settings.SAVINGS_TOLERANCE_PERCENT = 5
    updated = _update(
        line, owner, forecast=D("90000.00"), status="on_track", override_reason="Invoice for £10,000 due next week"
    )
    assert updated.status == SavingStatus.ON_TRACK
    assert updated.status_override_reason == "Invoice for £10,000 due next week"
    client.force_login(owner)
    page = client.get(line.get_absolute_url()).content.decode()
    assert "Set by hand: Invoice for £10,000 due next week" in page
    # Back within the tolerance, the figures carry the status again and the override goes.
    again = _update(updated, owner, forecast=D("100000.00"), status="on_track", override_reason="")
    assert again.status == SavingStatus.ON_TRACK and again.status_override_reason == ""


def test_a_claim_with_a_low_forecast_starts_at_risk(owner, settings):
    settings.SAVINGS_TOLERANCE_PERCENT = 5
    review = ReviewFactory()
    line = services.saving_add(
        review=review,
        financial_year=2026,
        budget_reference="ASC-99",
        description="Fewer placements",
        claimed=D("100000"),
        forecast=D("80000"),
        owner=owner,
        by=review.lead_officer,
    )
    assert line.status == SavingStatus.AT_RISK


def test_the_update_confirmation_says_the_status_the_figures_gave(client, line, owner, settings):
    settings.SAVINGS_TOLERANCE_PERCENT = 5
    client.force_login(owner)
    url = reverse("commissioning:saving-edit", args=[line.pk])
    data = {"forecast": "80,000", "realised": "0", "status": "on_track", "note": "Costs rose", "evidence": ""}
    page = client.post(url, data, follow=True).content.decode()
    assert "The saving is at risk: the forecast is more than 5% below the amount claimed." in page


def test_after_a_status_change_the_confirmation_says_the_new_status(client):
    review = ReviewFactory(status="proposed")
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    client.force_login(admin)
    url = reverse("commissioning:review-status", args=[review.pk])
    page = client.post(url, {"status": "on_hold", "reason": "Awaiting the budget"}, follow=True).content.decode()
    assert "The review is now on hold." in page
    assert "The review is now proposed." not in page


def test_a_person_is_named_one_way_with_their_post():
    from tests.factories import MemberFactory

    officer = OfficerFactory(user__first_name="Ruth", user__last_name="Lang", job_title="Assistant Chief Executive")
    member = MemberFactory(user__first_name="Priya", user__last_name="Shah")
    plain = UserFactory(first_name="Sam", last_name="Lee")
    assert officer.user.display_with_post() == "Ruth Lang, Assistant Chief Executive"
    assert member.user.display_with_post() == "Councillor Priya Shah"
    assert plain.display_with_post() == "Sam Lee"


def test_the_review_page_names_its_lead_officer_with_their_post(client):
    lead = OfficerFactory(user__first_name="Sarah", user__last_name="Whitfield", job_title="Head of Commissioning")
    review = ReviewFactory(lead_officer=lead.user)
    client.force_login(UserFactory(roles=[Role.COUNCILLOR]))
    assert "Sarah Whitfield, Head of Commissioning" in client.get(review.get_absolute_url()).content.decode()


def test_the_meeting_page_names_the_report_author_with_their_post(client):
    from scrutiny import services as scrutiny_services
    from tests.factories import MeetingFactory

    author = OfficerFactory(user__first_name="Ruth", user__last_name="Lang", job_title="Assistant Chief Executive")
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    meeting = MeetingFactory()
    scrutiny_services.agenda_item_add(
        meeting=meeting, by=admin, title="Strategic Commissioning", report_author=author.user
    )
    client.force_login(admin)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "report of Ruth Lang, Assistant Chief Executive" in page
