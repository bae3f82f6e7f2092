"""The commissioning cycle's gates: who may decide, in what order, on what evidence; and going back."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from commissioning import access
from commissioning.models import ApproverCapacity, EngagementNote, GateDecision, GateDirection, Review
from commissioning.services import reviews as services
from council.errors import RuleError
from council.roles import Role
from tests.factories import (
    MemberFactory,
    MembershipFactory,
    PortfolioFactory,
    ProgrammeBoardFactory,
    ReviewFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EVIDENCE = "Needs analysis and market position statement, presented to the board on 3 March."


@pytest.fixture
def cabinet_member():
    return MemberFactory(user__roles=[Role.COUNCILLOR, Role.CABINET_MEMBER]).user


@pytest.fixture
def review(cabinet_member):
    return ReviewFactory(portfolios=[PortfolioFactory(cabinet_member=cabinet_member.member)])


def stages(review):
    return {s.stage: s for s in review.stages.all()}


def test_the_accountable_cabinet_member_passes_the_analyse_gate_and_the_review_moves_to_plan(review, cabinet_member):
    today = timezone.localdate()
    decision = services.gate_pass(review=review, by=cabinet_member, evidence=EVIDENCE, stage="analyse")

    review.refresh_from_db()
    assert review.stage == "plan"
    assert review.status == "in_progress"
    assert (decision.from_stage, decision.to_stage, decision.direction) == ("analyse", "plan", GateDirection.PASSED)
    assert decision.decided_by == cabinet_member
    assert decision.capacity == ApproverCapacity.CABINET_MEMBER
    assert decision.decided_on == today
    assert decision.evidence == EVIDENCE
    rows = stages(review)
    assert rows["analyse"].actual_end == today
    assert rows["plan"].actual_start == today
    assert rows["plan"].actual_end is None


def test_passing_every_gate_in_turn_completes_the_review(review, cabinet_member):
    for stage in ("analyse", "plan", "do", "review"):
        services.gate_pass(review=review, by=cabinet_member, evidence=EVIDENCE, stage=stage)
    review.refresh_from_db()
    assert review.status == "completed"
    assert review.stage == "review"
    last = review.gate_decisions.last()
    assert (last.from_stage, last.to_stage) == ("review", "")
    assert stages(review)["review"].actual_end == timezone.localdate()


def test_a_gate_cannot_be_skipped(review, cabinet_member):
    with pytest.raises(RuleError, match="cannot be skipped"):
        services.gate_pass(review=review, by=cabinet_member, evidence=EVIDENCE, stage="plan")
    review.refresh_from_db()
    assert review.stage == "analyse"
    assert not GateDecision.objects.exists()


def test_a_gate_already_passed_is_not_passed_again(review, cabinet_member):
    """Two approvers pressing the button for the same gate: the second is refused, not moved on."""
    services.gate_pass(review=review, by=cabinet_member, evidence=EVIDENCE, stage="analyse")
    stale = Review.objects.get(pk=review.pk)
    stale.stage = "analyse"  # what the second approver's page still showed
    with pytest.raises(RuleError, match="already been passed"):
        services.gate_pass(review=stale, by=cabinet_member, evidence=EVIDENCE, stage="analyse")
    assert Review.objects.get(pk=review.pk).stage == "plan"
    assert GateDecision.objects.count() == 1


@pytest.mark.parametrize("status", ["completed", "stopped"])
def test_a_closed_review_cannot_move(review, cabinet_member, status):
    Review.objects.filter(pk=review.pk).update(status=status, stage="plan")
    review.refresh_from_db()
    with pytest.raises(RuleError, match=status):
        services.gate_pass(review=review, by=cabinet_member, evidence=EVIDENCE)
    with pytest.raises(RuleError, match=status):
        services.gate_reverse(review=review, by=cabinet_member, evidence=EVIDENCE)
    assert not GateDecision.objects.exists()


def test_evidence_is_required(review, cabinet_member):
    with pytest.raises(RuleError, match="evidence") as error:
        services.gate_pass(review=review, by=cabinet_member, evidence="  ")
    assert error.value.field == "evidence"
    review.refresh_from_db()
    assert review.stage == "analyse"


def test_the_decision_date_cannot_be_in_the_future(review, cabinet_member):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(RuleError, match="future") as error:
        services.gate_pass(review=review, by=cabinet_member, evidence=EVIDENCE, decided_on=tomorrow)
    assert error.value.field == "decided_on"


def test_a_cabinet_member_of_another_portfolio_cannot_decide(review):
    other = PortfolioFactory(cabinet_member=MemberFactory(user__roles=[Role.COUNCILLOR, Role.CABINET_MEMBER]))
    assert access.gate_capacity(other.cabinet_member.user, review) is None
    with pytest.raises(PermissionDenied):
        services.gate_pass(review=review, by=other.cabinet_member.user, evidence=EVIDENCE)


@pytest.mark.parametrize(
    "role", [Role.ADMINISTRATOR, Role.COMMISSIONING_OFFICER, Role.FINANCE_OFFICER, Role.OFFICER, Role.COUNCILLOR]
)
def test_nobody_else_decides_without_a_board_seat(review, role):
    person = UserFactory(roles=[role])
    with pytest.raises(PermissionDenied):
        services.gate_pass(review=review, by=person, evidence=EVIDENCE)


def test_a_programme_board_member_decides_as_the_board():
    review = ReviewFactory()
    review.programme_board = ProgrammeBoardFactory()
    review.save()
    officer = UserFactory(roles=[Role.OFFICER])
    MembershipFactory(body=review.programme_board, person=officer)

    decision = services.gate_pass(review=review, by=officer, evidence=EVIDENCE)
    assert decision.capacity == ApproverCapacity.PROGRAMME_BOARD


def test_a_former_board_member_no_longer_decides():
    review = ReviewFactory()
    review.programme_board = ProgrammeBoardFactory()
    review.save()
    officer = UserFactory(roles=[Role.OFFICER])
    seat = MembershipFactory(body=review.programme_board, person=officer)
    services.board_seat_end(
        review=review, by=officer, membership=seat, end_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(PermissionDenied):
        services.gate_pass(review=review, by=officer, evidence=EVIDENCE)


def test_going_back_a_stage_is_a_recorded_decision_with_reasons(review, cabinet_member):
    services.gate_pass(review=review, by=cabinet_member, evidence=EVIDENCE)
    with pytest.raises(RuleError, match="reasons"):
        services.gate_reverse(review=review, by=cabinet_member, evidence="")

    decision = services.gate_reverse(
        review=review, by=cabinet_member, evidence="The needs analysis missed the rural wards.", stage="plan"
    )
    review.refresh_from_db()
    assert review.stage == "analyse"
    assert (decision.direction, decision.from_stage, decision.to_stage) == ("reversed", "plan", "analyse")
    rows = stages(review)
    assert rows["analyse"].actual_end is None
    assert rows["analyse"].actual_start is not None
    assert rows["plan"].actual_start is None
    history = review.history.first()
    assert "The needs analysis missed the rural wards." in history.history_change_reason
    assert history.history_user == cabinet_member


def test_there_is_no_stage_before_analyse(review, cabinet_member):
    with pytest.raises(RuleError, match="first stage"):
        services.gate_reverse(review=review, by=cabinet_member, evidence="Start again")


def test_the_gate_records_whether_members_were_engaged(review, cabinet_member):
    first = services.gate_pass(review=review, by=cabinet_member, evidence=EVIDENCE)
    assert first.members_engaged is False
    councillor = MemberFactory()
    services.engagement_add(review=review, by=review.lead_officer, member=councillor, note="Ward needs a bus route.")
    note = EngagementNote.objects.get()
    assert (note.stage, note.ward) == ("plan", councillor.ward)  # the current stage and the member's ward

    second = services.gate_pass(review=review, by=cabinet_member, evidence=EVIDENCE)
    assert second.members_engaged is True


def test_the_gate_page_warns_when_members_were_not_engaged_but_does_not_block(client, review, cabinet_member):
    client.force_login(cabinet_member)
    page = client.get(reverse("commissioning:gate-pass", args=[review.pk]))
    assert page.status_code == 200
    assert "No members’ input has been recorded" in page.content.decode()

    response = client.post(
        reverse("commissioning:gate-pass", args=[review.pk]), {"evidence": EVIDENCE, "stage": "analyse"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.stage == "plan"


def test_the_gate_pages_refuse_anyone_who_may_not_decide(client, review):
    other_cabinet_member = PortfolioFactory(
        cabinet_member=MemberFactory(user__roles=[Role.COUNCILLOR, Role.CABINET_MEMBER])
    ).cabinet_member.user
    for person in (UserFactory(roles=[Role.COMMISSIONING_OFFICER]), other_cabinet_member):
        client.force_login(person)
        for name in ("gate-pass", "gate-reverse"):
            assert client.get(reverse(f"commissioning:{name}", args=[review.pk])).status_code == 403
            assert client.post(reverse(f"commissioning:{name}", args=[review.pk]), {"evidence": "x"}).status_code == 403
    review.refresh_from_db()
    assert review.stage == "analyse"


def test_missing_evidence_is_shown_on_the_form_and_what_was_typed_is_kept(client, review, cabinet_member):
    client.force_login(cabinet_member)
    response = client.post(
        reverse("commissioning:gate-pass", args=[review.pk]), {"evidence": "", "decided_on": "2026-01-05"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in body
    assert "Enter the evidence the decision was based on" in body
    assert 'value="2026-01-05"' in body


def test_the_services_refusal_is_shown_on_the_gate_form(client, review, cabinet_member):
    """The gate passed meanwhile (the page was opened at Analyse): the service says so, in the error summary."""
    services.gate_pass(review=review, by=cabinet_member, evidence=EVIDENCE, stage="analyse")
    client.force_login(cabinet_member)
    response = client.post(
        reverse("commissioning:gate-pass", args=[review.pk]), {"evidence": EVIDENCE, "stage": "analyse"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "The Analyse gate has already been passed" in body
    assert GateDecision.objects.count() == 1


def test_the_public_is_sent_to_sign_in(client, review):
    response = client.get(reverse("commissioning:gate-pass", args=[review.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Committed rows, so that two connections see them. Like the browser tests, it empties the database
# afterwards (pytest-django runs such tests last), so data loaded by migrations is gone from a reused
# test database after it: run with --create-db next time.
@pytest.mark.django_db(transaction=True)
def test_two_approvers_passing_the_same_gate_at_once_pass_it_once():
    """The review row is locked for the decision: the second approver waits, then finds the gate passed."""
    import threading

    from django.db import connection

    cabinet_member = MemberFactory(user__roles=[Role.COUNCILLOR, Role.CABINET_MEMBER]).user
    review = ReviewFactory(portfolios=[PortfolioFactory(cabinet_member=cabinet_member.member)])
    board_member = UserFactory(roles=[Role.OFFICER])
    review.programme_board = ProgrammeBoardFactory()
    review.save()
    MembershipFactory(body=review.programme_board, person=board_member)
    start = threading.Barrier(2)
    outcomes = []

    def decide(person):
        try:
            start.wait()
            services.gate_pass(review=Review.objects.get(pk=review.pk), by=person, evidence=EVIDENCE, stage="analyse")
            outcomes.append("passed")
        except RuleError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(person,)) for person in (cabinet_member, board_member)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["The Analyse gate has already been passed", "passed"]
    assert Review.objects.get(pk=review.pk).stage == "plan"
    assert GateDecision.objects.filter(review=review).count() == 1


def test_a_closed_review_or_the_first_stage_sends_the_approver_back_with_the_reason(client, review, cabinet_member):
    client.force_login(cabinet_member)
    response = client.get(reverse("commissioning:gate-reverse", args=[review.pk]), follow=True)
    assert "there is no stage to go back to" in response.content.decode()
    Review.objects.filter(pk=review.pk).update(status="completed", stage="review")
    response = client.post(
        reverse("commissioning:gate-pass", args=[review.pk]), {"evidence": EVIDENCE, "stage": "review"}, follow=True
    )
    assert "The review is completed: its stage cannot change any more." in response.content.decode()
    assert not GateDecision.objects.exists()
