"""Separation of duties (issue 11, finding 7): duties that cannot be self-granted.

The attacks as they were found: an officer (or the Administrator) refused a gate seats themselves
on the programme board and passes it; a finance officer who owns a signed-off saving reopens it; one
finance officer enters the realised figure and signs it off alone. The rules live in the services,
so every route (a view, a task, an import) meets them; the views show the refusal in the GOV.UK
error pattern.
"""

import datetime
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.models import GateDecision, SavingLine, SavingStatus
from commissioning.services import reviews as services
from commissioning.services import savings as saving_services
from commissioning.services.boards import sync_board_grants
from council.errors import RuleError
from council.roles import Role
from members.models import Membership
from tests.factories import (
    MemberFactory,
    OfficerFactory,
    PortfolioFactory,
    ReviewFactory,
    SavingLineFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EVIDENCE = "Needs analysis presented to the board: demand for day services is rising 4% a year."
SELF_SEAT = "added to the programme board by you"
LEAD = "You are the lead officer of this review"


@pytest.fixture
def colleague():
    return UserFactory(first_name="Sarah", last_name="Whitfield", roles=[Role.COMMISSIONING_OFFICER])


@pytest.fixture
def review(colleague):
    review = ReviewFactory(title="Day Opportunities for Adults")
    services.board_create(review=review, by=colleague)
    review.refresh_from_db()
    return review


def page(response) -> str:
    return unescape(response.content.decode())


def gate_url(review, name="gate-pass"):
    return reverse(f"commissioning:{name}", args=[review.pk])


def seat_yourself(client, review, person):
    response = client.post(
        reverse("commissioning:board-seat-add", args=[review.pk]),
        {"person": person.pk, "role": "member", "start_date": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302, page(response)


def assert_refused_on_the_form(response, message):
    """The gate form comes back in the GOV.UK error pattern with what was typed kept."""
    assert response.status_code == 200
    body = page(response)
    assert "govuk-error-summary" in body
    assert message in body
    assert "<title>Error: " in body
    assert EVIDENCE in body  # the evidence typed is still in the textarea


@pytest.mark.parametrize("role", [Role.COMMISSIONING_OFFICER, Role.ADMINISTRATOR])
def test_a_person_refused_a_gate_who_seats_themselves_on_the_board_is_still_refused(client, review, role):
    person = UserFactory(roles=[role])
    client.force_login(person)
    assert client.post(gate_url(review), {"evidence": EVIDENCE, "stage": "analyse"}).status_code == 403

    seat_yourself(client, review, person)
    response = client.post(gate_url(review), {"evidence": EVIDENCE, "stage": "analyse"})

    assert_refused_on_the_form(response, SELF_SEAT)
    review.refresh_from_db()
    assert review.stage == "analyse"
    assert not GateDecision.objects.exists()


def test_a_seat_added_through_the_committee_pages_is_just_as_self_granted(client, review):
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    client.force_login(admin)
    added = client.post(
        reverse("members:membership-add", args=[review.programme_board.slug]),
        {"person": admin.pk, "role": "member", "start_date": timezone.localdate().isoformat()},
    )
    assert added.status_code == 302

    response = client.post(gate_url(review), {"evidence": EVIDENCE, "stage": "analyse"})

    assert_refused_on_the_form(response, SELF_SEAT)
    assert not GateDecision.objects.exists()


def test_going_back_a_stage_through_a_self_added_seat_is_refused_by_the_service(review, colleague):
    services.gate_pass(review=review, by=_seated_by(colleague, review), evidence=EVIDENCE)
    officer = UserFactory(roles=[Role.COMMISSIONING_OFFICER])
    services.board_seat_add(review=review, by=officer, person=officer, role="member", start_date=timezone.localdate())
    with pytest.raises(RuleError, match=SELF_SEAT):
        services.gate_reverse(review=review, by=officer, evidence=EVIDENCE)
    review.refresh_from_db()
    assert review.stage == "plan"


def _seated_by(adder, review, **fields):
    person = UserFactory(roles=[Role.OFFICER], **fields)
    services.board_seat_add(review=review, by=adder, person=person, role="member", start_date=timezone.localdate())
    return person


def test_a_seat_someone_else_added_lets_a_board_member_decide(review, colleague):
    member = _seated_by(colleague, review)
    decision = services.gate_pass(review=review, by=member, evidence=EVIDENCE)
    assert decision.decided_by == member


def test_a_seat_the_holder_lengthened_themselves_does_not_count(review, colleague):
    today = timezone.localdate()
    member = UserFactory(roles=[Role.OFFICER])
    seat = services.board_seat_add(
        review=review, by=colleague, person=member, role="member", start_date=today, end_date=today
    )
    services.board_seat_end(review=review, by=member, membership=seat, end_date=today + datetime.timedelta(days=365))
    with pytest.raises(RuleError, match="lengthened on the programme board by you"):
        services.gate_pass(review=review, by=member, evidence=EVIDENCE)


def test_the_lead_officer_cannot_decide_a_gate_even_with_a_seat_someone_else_gave_them(client, review, colleague):
    lead = review.lead_officer
    services.board_seat_add(review=review, by=colleague, person=lead, role="member", start_date=timezone.localdate())
    client.force_login(lead)

    response = client.post(gate_url(review), {"evidence": EVIDENCE, "stage": "analyse"})

    assert_refused_on_the_form(response, LEAD)
    with pytest.raises(RuleError, match=LEAD):
        services.gate_pass(review=review, by=lead, evidence=EVIDENCE)
    assert not GateDecision.objects.exists()


def test_the_lead_officer_cannot_decide_as_the_accountable_cabinet_member_either(colleague):
    cabinet_member = MemberFactory(user__roles=[Role.COUNCILLOR, Role.CABINET_MEMBER]).user
    review = ReviewFactory(
        lead_officer=cabinet_member, portfolios=[PortfolioFactory(cabinet_member=cabinet_member.member)]
    )
    with pytest.raises(RuleError, match=LEAD):
        services.gate_pass(review=review, by=cabinet_member, evidence=EVIDENCE)


def test_the_review_page_says_why_a_conflicted_board_member_cannot_decide(client, review, colleague):
    lead = review.lead_officer
    services.board_seat_add(review=review, by=colleague, person=lead, role="member", start_date=timezone.localdate())
    client.force_login(lead)
    body = page(client.get(review.get_absolute_url()))
    assert gate_url(review) not in body
    assert LEAD in body
    form = page(client.get(gate_url(review)))
    assert LEAD in form


# Savings


@pytest.fixture
def finance():
    return UserFactory(first_name="Andrew", last_name="Kerr", roles=[Role.FINANCE_OFFICER])


@pytest.fixture
def other_finance():
    return UserFactory(first_name="Priya", last_name="Shah", roles=[Role.FINANCE_OFFICER])


def _line(owner, **fields):
    return SavingLineFactory(owner=owner, claimed=Decimal("5000.00"), forecast=Decimal("5000.00"), **fields)


def _enter_realised(line, by, amount="5000.00"):
    return saving_services.saving_update_figures(
        line=line, forecast=line.forecast, realised=Decimal(amount), status=line.status, note="Outturn", by=by
    )


def test_a_finance_officer_who_entered_the_realised_figure_cannot_sign_it_off(client, finance):
    line = _enter_realised(_line(OfficerFactory().user), finance)
    assert line.realised_entered_by == finance
    assert line.realised_entered_at is not None

    with pytest.raises(RuleError, match="You entered the realised figure"):
        saving_services.saving_sign_off(line=line, evidence="Outturn report", by=finance)

    client.force_login(finance)
    response = client.post(reverse("commissioning:saving-signoff", args=[line.pk]), {"evidence": "Outturn report"})
    assert response.status_code == 403
    assert "You entered the realised figure" in page(response)
    line.refresh_from_db()
    assert line.status == SavingStatus.ON_TRACK
    assert line.signed_off_by is None


def test_the_same_attack_through_the_update_page_records_who_entered_the_figure(client, finance):
    line = _line(OfficerFactory().user)
    client.force_login(finance)
    updated = client.post(
        reverse("commissioning:saving-edit", args=[line.pk]),
        {"forecast": "5000", "realised": "5000", "status": "on_track", "note": "Outturn"},
    )
    assert updated.status_code == 302
    line.refresh_from_db()
    assert line.realised_entered_by == finance
    detail = page(client.get(line.get_absolute_url()))
    assert reverse("commissioning:saving-signoff", args=[line.pk]) not in detail


def test_another_finance_officer_signs_off_what_the_owner_entered(finance):
    owner = OfficerFactory().user
    line = _enter_realised(_line(owner), owner)
    line = saving_services.saving_sign_off(line=line, evidence="Outturn report", by=finance)
    assert (line.status, line.signed_off_by) == (SavingStatus.DELIVERED, finance)


def test_confirming_the_figures_unchanged_does_not_make_the_confirmer_the_one_who_entered_them(finance, other_finance):
    line = _enter_realised(_line(OfficerFactory().user), other_finance)
    line = saving_services.saving_update_figures(
        line=line, forecast=line.forecast, realised=line.realised, status=line.status, by=finance
    )
    assert line.realised_entered_by == other_finance
    saving_services.saving_sign_off(line=line, evidence="Outturn report", by=finance)


def test_the_database_refuses_a_sign_off_by_the_person_who_entered_the_realised_figure(finance):
    from django.db import IntegrityError, transaction

    line = _enter_realised(_line(OfficerFactory().user), finance)
    with pytest.raises(IntegrityError), transaction.atomic():
        SavingLine.objects.filter(pk=line.pk).update(
            status=SavingStatus.DELIVERED, signed_off_by=finance, signed_off_at=timezone.now()
        )


def _delivered(owner, signer):
    line = _enter_realised(_line(owner), owner)
    return saving_services.saving_sign_off(line=line, evidence="Outturn report", by=signer)


def test_a_finance_officer_who_owns_a_signed_off_saving_cannot_reopen_it(client, finance, other_finance):
    line = _delivered(finance, other_finance)

    with pytest.raises(RuleError, match="You are the accountable owner of this saving"):
        saving_services.saving_reopen(line=line, status="on_track", note="The figures were wrong", by=finance)

    client.force_login(finance)
    detail = page(client.get(line.get_absolute_url()))
    assert reverse("commissioning:saving-reopen", args=[line.pk]) not in detail
    response = client.post(
        reverse("commissioning:saving-reopen", args=[line.pk]), {"status": "on_track", "note": "The figures were wrong"}
    )
    assert response.status_code == 403
    assert "You are the accountable owner of this saving" in page(response)
    line.refresh_from_db()
    assert line.status == SavingStatus.DELIVERED


def test_another_finance_officer_reopens_it_with_a_reason_and_only_then_the_figure_can_change(finance, other_finance):
    owner = OfficerFactory().user
    line = _delivered(owner, finance)
    with pytest.raises(RuleError, match="signed off as delivered"):
        _enter_realised(line, owner, "4000.00")
    with pytest.raises(RuleError, match="Enter a note"):
        saving_services.saving_reopen(line=line, status="on_track", note=" ", by=other_finance)

    line = saving_services.saving_reopen(line=line, status="on_track", note="Outturn restated", by=other_finance)
    line = _enter_realised(line, owner, "4000.00")
    assert (line.realised, line.realised_entered_by) == (Decimal("4000.00"), owner)


def test_the_administrator_is_not_exempt_from_the_savings_rules():
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    line = _enter_realised(_line(OfficerFactory().user), admin)
    with pytest.raises(RuleError, match="You entered the realised figure"):
        saving_services.saving_sign_off(line=line, evidence="Outturn report", by=admin)
    owned = _delivered(admin, UserFactory(roles=[Role.FINANCE_OFFICER]))
    with pytest.raises(RuleError, match="You are the accountable owner"):
        saving_services.saving_reopen(line=owned, status="on_track", note="Wrong", by=admin)


def test_board_member_helpers_are_not_a_way_round(review, colleague):
    """A board member who adds a colleague does not give themselves anything: the colleague's seat
    counts (added by someone else), the adder's own self-added seat still does not."""
    adder = UserFactory(roles=[Role.OFFICER])
    services.board_seat_add(review=review, by=adder, person=adder, role="member", start_date=timezone.localdate())
    helper = _seated_by(adder, review)
    services.gate_pass(review=review, by=helper, evidence=EVIDENCE)
    with pytest.raises(RuleError, match=SELF_SEAT):
        services.gate_pass(review=review, by=adder, evidence=EVIDENCE)


def test_the_saving_says_who_entered_its_realised_figure(client, finance):
    line = _enter_realised(_line(OfficerFactory().user), finance)
    client.force_login(UserFactory(roles=[Role.OFFICER]))
    assert "Entered by Andrew Kerr on " in page(client.get(line.get_absolute_url()))


def test_the_sign_off_list_leaves_out_what_the_finance_officer_may_not_sign_off(finance, other_finance):
    from commissioning.selectors import savings as selectors

    owner = OfficerFactory().user
    theirs = _enter_realised(_line(owner), owner)
    entered = _enter_realised(_line(OfficerFactory().user), finance)
    owned = _enter_realised(_line(finance), other_finance)
    assert list(selectors.awaiting_signoff(finance)) == [theirs]
    assert set(selectors.awaiting_signoff(other_finance)) == {theirs, entered}
    assert owned not in selectors.awaiting_signoff(finance)


def test_the_dashboard_awaits_no_gate_from_the_lead_officer_or_a_self_added_seat(rf, review, colleague):
    from commissioning.selectors import reviews as selectors

    def awaiting(person):
        request = rf.get("/")
        request.user = person
        return selectors.reviews_panel(request)["gates_awaiting"]

    lead = review.lead_officer
    services.board_seat_add(review=review, by=colleague, person=lead, role="member", start_date=timezone.localdate())
    self_seated = UserFactory(roles=[Role.COMMISSIONING_OFFICER])
    services.board_seat_add(
        review=review, by=self_seated, person=self_seated, role="member", start_date=timezone.localdate()
    )
    assert awaiting(lead) == []
    assert awaiting(self_seated) == []
    assert awaiting(_seated_by(colleague, review)) == [review]


def test_handing_the_lead_to_someone_else_does_not_make_the_lead_officer_the_judge_of_their_stage(review, colleague):
    lead = review.lead_officer
    services.board_seat_add(review=review, by=colleague, person=lead, role="member", start_date=timezone.localdate())
    services.review_update(review=review, by=lead, lead_officer=colleague)
    with pytest.raises(RuleError, match="You were the lead officer of this review during its current stage"):
        services.gate_pass(review=review, by=lead, evidence=EVIDENCE)

    # Once another person has decided the stage's gate, the former lead may decide the next ones.
    services.gate_pass(review=review, by=_seated_by(colleague, review), evidence=EVIDENCE)
    decision = services.gate_pass(review=review, by=lead, evidence=EVIDENCE)
    assert decision.from_stage == "plan"


def test_a_seat_with_no_record_of_who_added_it_does_not_count(review):
    person = UserFactory(roles=[Role.OFFICER])
    Membership.objects.bulk_create(
        [Membership(body=review.programme_board, person=person, start_date=timezone.localdate())]
    )
    sync_board_grants(review, person)
    with pytest.raises(RuleError, match="has no record of who added it"):
        services.gate_pass(review=review, by=person, evidence=EVIDENCE)
