"""Call-in (LGA 2000 s.9F(4) and the constitution; docs/decisions/0020-call-in.md): the rules first.
Who may call in, the threshold, the period's boundaries across Christmas, exempt and unpublished
decisions, the meeting's deadline, the outcome and the status the public sees on each day."""

import datetime
from unittest import mock

import pytest
from django.core import mail

from council.errors import RuleError
from executive import services
from executive.models import CallIn, CallInOutcome, CallInResponse, CallInStatus, DecisionRoute, ExecutiveDecision
from members.models import BodyKind, MembershipRole
from scrutiny.models import AgendaItem
from tests.factories import (
    BodyFactory,
    CabinetFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    PortfolioFactory,
    UserFactory,
)
from tests.factories.scrutiny import london

pytestmark = pytest.mark.django_db

D = datetime.date
DECIDED = D(2026, 12, 21)
# Published on Tuesday 22 December 2026: the five working days are 23, 24, 29, 30 and 31 December
# (Christmas Day, the weekend and the Boxing Day substitute holiday on Monday 28th do not count).
PUBLISHED = D(2026, 12, 22)
LAST_DAY = D(2026, 12, 31)
EXEMPT = "The preferred bidder's price is 4.2 million pounds."


@pytest.fixture
def clerk():
    return UserFactory(roles=["Democratic Services"], email="clerk@example.org")


@pytest.fixture
def scrutiny():
    return BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY, name="Overview and Scrutiny Committee")


def _seat(body, role=MembershipRole.MEMBER, **fields):
    person = MemberFactory().user
    person.groups.add(*UserFactory(roles=["Councillor"]).groups.all())
    MembershipFactory(person=person, body=body, role=role, **fields)
    return person


@pytest.fixture
def members(scrutiny):
    return [_seat(scrutiny) for _ in range(3)]


@pytest.fixture
def chair(scrutiny):
    return _seat(scrutiny, MembershipRole.CHAIR)


def _decision(clerk, *, publish_on=PUBLISHED, **fields):
    fields.setdefault("title", "Close the Riverside depot")
    decision = services.decision_record(
        by=clerk,
        decision_maker=fields.pop("decision_maker", None) or CabinetFactory(),
        decided_on=DECIDED,
        decision="To close the depot and move its work to Northgate.",
        reasons="It is under-used.",
        today=DECIDED,
        **fields,
    )
    if publish_on is not None:
        decision = services.decision_notice_publish(decision=decision, by=clerk, on=publish_on)
    return decision


@pytest.fixture
def decision(clerk):
    return _decision(clerk)


def _call_in(decision, member, on=PUBLISHED + datetime.timedelta(days=1), **fields):
    fields.setdefault("reasons", "The consultation ignored the staff who work there.")
    fields.setdefault("outcome_sought", CallInOutcome.REFERRED_BACK)
    return services.call_in_request(decision=decision, by=member, today=on, **fields)


def _status(decision, on):
    return ExecutiveDecision.objects.for_list().get(pk=decision.pk).call_in_status(on)


# --- The period, at both boundaries, across Christmas ------------------------------------------


def test_the_period_runs_five_working_days_over_christmas(decision):
    assert decision.call_in_ends_on == LAST_DAY


def test_a_call_in_on_the_last_day_of_the_period_is_made(decision, members):
    call_in = _call_in(decision, members[0], on=LAST_DAY)
    assert call_in.signatures.count() == 1
    assert _status(decision, LAST_DAY) == CallInStatus.SUBJECT_TO_CALL_IN  # one name is not yet valid


def test_a_call_in_the_day_after_the_period_is_refused(decision, members):
    with pytest.raises(RuleError, match="call-in period ended on 31 December 2026"):
        _call_in(decision, members[0], on=LAST_DAY + datetime.timedelta(days=1))
    assert not CallIn.objects.exists()


def test_a_decision_whose_notice_is_not_published_cannot_be_called_in(clerk, members):
    decision = _decision(clerk, publish_on=None)
    with pytest.raises(RuleError, match="notice is not yet published"):
        _call_in(decision, members[0])


def test_an_urgent_decision_exempt_from_call_in_refuses_and_says_why(clerk, chair, members):
    decision = _decision(
        clerk,
        route=DecisionRoute.SPECIAL_URGENCY,
        urgency_agreed_by=chair,
        urgency_agreed_on=DECIDED,
        urgency_reasons="The depot's lease ends on 31 December.",
        call_in_exempt_reason="the lease would otherwise renew for five years",
    )
    with pytest.raises(RuleError, match="not subject to call-in.*lease would otherwise renew"):
        _call_in(decision, members[0])


# --- Who may call in -----------------------------------------------------------------------------


def test_a_councillor_not_on_overview_and_scrutiny_cannot_call_in(decision):
    outsider = _seat(BodyFactory(kind=BodyKind.COMMITTEE))
    with pytest.raises(RuleError, match="you do not sit on one"):
        _call_in(decision, outsider)


def test_a_member_whose_seat_ended_before_the_day_cannot_call_in(decision, scrutiny):
    former = _seat(scrutiny, end_date=PUBLISHED)
    with pytest.raises(RuleError, match="you do not sit on one"):
        _call_in(decision, former)


def test_substitutes_and_co_opted_members_do_not_count(decision, scrutiny):
    for role in (MembershipRole.SUBSTITUTE, MembershipRole.CO_OPTED):
        with pytest.raises(RuleError, match="you do not sit on one"):
            _call_in(decision, _seat(scrutiny, role))


def test_a_cabinet_member_can_never_call_in(decision, scrutiny):
    cabinet_member = MemberFactory().user
    cabinet_member.groups.add(*UserFactory(roles=["Councillor", "Cabinet Member"]).groups.all())
    PortfolioFactory(cabinet_member=cabinet_member.member)
    with pytest.raises(RuleError, match="Cabinet Members cannot call in"):
        _call_in(decision, cabinet_member)


def test_a_portfolio_holder_without_the_role_still_cannot_call_in(decision, scrutiny):
    holder = _seat(scrutiny)  # seated before taking a portfolio: the membership rule came later
    PortfolioFactory(cabinet_member=holder.member)
    with pytest.raises(RuleError, match="Cabinet Members cannot call in"):
        _call_in(decision, holder)


def test_an_officer_cannot_call_in(decision, scrutiny):
    officer = UserFactory(roles=["Democratic Services"])
    MembershipFactory(person=officer, body=scrutiny)
    with pytest.raises(RuleError, match="Only councillors"):
        _call_in(decision, officer)


def test_the_same_member_counts_once(decision, members):
    _call_in(decision, members[0])
    with pytest.raises(RuleError, match="already put your name"):
        _call_in(decision, members[0], supports_reasons_given=True)
    assert CallIn.objects.get().signatures.count() == 1


def test_reasons_are_required(decision, members):
    with pytest.raises(RuleError, match="Enter your reasons") as error:
        _call_in(decision, members[0], reasons="   ")
    assert error.value.field == "reasons"


def test_supporting_the_reasons_given_needs_reasons_given(decision, members):
    with pytest.raises(RuleError, match="No one has given reasons yet"):
        _call_in(decision, members[0], reasons="", supports_reasons_given=True)
    _call_in(decision, members[0])
    call_in = _call_in(decision, members[1], reasons="", outcome_sought="", supports_reasons_given=True)
    assert call_in.signatures.get(member=members[1]).reasons == "I support the reasons given."


# --- The threshold -----------------------------------------------------------------------------


def test_two_members_do_not_call_it_in_and_the_third_does(decision, members, clerk, django_capture_on_commit_callbacks):
    on = D(2026, 12, 24)
    with django_capture_on_commit_callbacks(execute=True):
        _call_in(decision, members[0], on=D(2026, 12, 23))
        call_in = _call_in(decision, members[1], on=on, supports_reasons_given=True, reasons="")
    assert call_in.valid_on is None and mail.outbox == []
    assert _status(decision, on) == CallInStatus.SUBJECT_TO_CALL_IN
    with django_capture_on_commit_callbacks(execute=True):
        call_in = _call_in(decision, members[2], on=on, outcome_sought=CallInOutcome.REFERRED_TO_COUNCIL)
    assert call_in.valid_on == on
    assert call_in.consider_by == D(2027, 1, 19)  # 15 working days after 24 December
    assert _status(decision, on) == CallInStatus.CALLED_IN
    assert _status(decision, D(2026, 12, 23)) == CallInStatus.SUBJECT_TO_CALL_IN
    [email] = mail.outbox
    assert email.to == [clerk.email]
    assert "Close the Riverside depot" in email.subject


def test_the_chair_of_an_overview_and_scrutiny_committee_alone_calls_it_in(decision, chair):
    call_in = _call_in(decision, chair)
    assert call_in.valid_on is not None
    assert call_in.signatures.get().as_chair


def test_a_vice_chair_alone_does_not(decision, scrutiny):
    call_in = _call_in(decision, _seat(scrutiny, MembershipRole.VICE_CHAIR))
    assert call_in.valid_on is None


def test_the_constitution_may_require_the_chair_with_others(decision, chair, members, settings):
    settings.CALL_IN_CHAIR_ALONE = False
    settings.CALL_IN_MEMBERS_NEEDED = 2
    assert _call_in(decision, chair).valid_on is None
    assert _call_in(decision, members[0]).valid_on is not None


def test_members_of_different_scrutiny_committees_count_together(decision, members):
    other = _seat(BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY))
    _call_in(decision, members[0])
    _call_in(decision, members[1])
    assert _call_in(decision, other).valid_on is not None


def test_a_mail_failure_does_not_lose_the_call_in(decision, chair, django_capture_on_commit_callbacks):
    with (
        mock.patch("executive.services.call_in.EmailMessage.send", side_effect=OSError("mail server down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _call_in(decision, chair)
    assert CallIn.objects.get().valid_on is not None


def test_the_email_never_carries_the_exempt_part(clerk, chair, django_capture_on_commit_callbacks):
    decision = _decision(clerk, exempt_paragraph=3, exempt_part=EXEMPT)
    with django_capture_on_commit_callbacks(execute=True):
        _call_in(decision, chair)
    [email] = mail.outbox
    assert "4.2 million" not in email.body
    assert "preferred bidder" not in email.body


def test_the_call_in_is_history_tracked(decision, chair):
    call_in = _call_in(decision, chair)
    assert [h.history_change_reason for h in call_in.history.order_by("history_id")] == [
        "Call-in requested",
        "Call-in valid: the decision is called in",
    ]
    assert call_in.signatures.get().history.get().history_user == chair


# --- Placing it on an O&S meeting: the constitution's deadline -----------------------------------

VALID_ON = D(2026, 12, 23)
CONSIDER_BY = D(2027, 1, 18)  # 15 working days after 23 December: New Year's Day does not count


@pytest.fixture
def called_in(decision, chair):
    return _call_in(decision, chair, on=VALID_ON)


def _place(call_in, clerk, meeting, today=VALID_ON + datetime.timedelta(days=1)):
    return services.call_in_place(call_in=call_in, meeting=meeting, by=clerk, today=today)


def test_the_deadline_is_fifteen_working_days_after_the_call_in(called_in):
    assert called_in.consider_by == CONSIDER_BY


def test_a_meeting_on_the_last_day_is_accepted_and_the_item_added(called_in, clerk, scrutiny):
    meeting = MeetingFactory(body=scrutiny, starts_at=london(2027, 1, 18))
    call_in = _place(called_in, clerk, meeting)
    item = AgendaItem.objects.get(meeting=meeting)
    assert call_in.item == item
    assert item.title == "Call-in: Close the Riverside depot"


def test_a_meeting_the_day_after_the_deadline_is_refused(called_in, clerk, scrutiny):
    meeting = MeetingFactory(body=scrutiny, starts_at=london(2027, 1, 19))
    with pytest.raises(RuleError, match="must be considered by 18 January 2027"):
        _place(called_in, clerk, meeting)
    assert not AgendaItem.objects.exists()


def test_only_an_overview_and_scrutiny_meeting_still_to_come(called_in, clerk, scrutiny):
    cabinet_meeting = MeetingFactory(body=BodyFactory(kind=BodyKind.CABINET), starts_at=london(2027, 1, 6))
    with pytest.raises(RuleError, match="overview and scrutiny committee"):
        _place(called_in, clerk, cabinet_meeting)
    past = MeetingFactory(body=scrutiny, starts_at=london(2026, 12, 23))
    with pytest.raises(RuleError, match="held or cancelled"):
        _place(called_in, clerk, past)


def test_a_call_in_not_yet_valid_is_not_placed(decision, members, clerk, scrutiny):
    call_in = _call_in(decision, members[0])
    with pytest.raises(RuleError, match="not yet valid"):
        _place(call_in, clerk, MeetingFactory(body=scrutiny, starts_at=london(2027, 1, 6)))


def test_a_councillor_cannot_place_it(called_in, chair, scrutiny):
    with pytest.raises(RuleError, match="Only Democratic Services"):
        _place(called_in, chair, MeetingFactory(body=scrutiny, starts_at=london(2027, 1, 6)))


def test_after_the_agenda_is_published_it_is_late_business_needing_the_chairs_agreement(
    called_in, clerk, chair, scrutiny
):
    from scrutiny import services as scrutiny_services

    meeting = MeetingFactory(body=scrutiny, starts_at=london(2027, 1, 6))
    scrutiny_services.agenda_item_add(meeting=meeting, by=clerk, title="Budget monitoring", today=D(2026, 12, 23))
    scrutiny_services.agenda_publish(meeting=meeting, by=clerk, today=D(2026, 12, 23))
    with pytest.raises(RuleError, match="only be taken as urgent"):
        _place(called_in, clerk, meeting, today=D(2027, 1, 4))
    call_in = services.call_in_place(
        call_in=called_in,
        meeting=meeting,
        by=clerk,
        today=D(2027, 1, 4),
        urgent_reason="The constitution requires the call-in to be considered by 18 January.",
        urgency_agreed_by=chair,
        urgency_agreed_on=D(2027, 1, 4),
    )
    assert call_in.item.urgent_reason.startswith("The constitution")


# --- The outcome, and the status the public sees on each day -----------------------------------

MEETING_DAY = D(2027, 1, 6)


@pytest.fixture
def placed(called_in, clerk, scrutiny):
    return _place(called_in, clerk, MeetingFactory(body=scrutiny, starts_at=london(2027, 1, 6)))


def _outcome(call_in, clerk, outcome, on=MEETING_DAY, **fields):
    return services.call_in_outcome_record(call_in=call_in, outcome=outcome, by=clerk, on=on, today=on, **fields)


def test_the_outcome_is_recorded_only_from_the_meeting_day(placed, clerk):
    with pytest.raises(RuleError, match="record the outcome on or after that day"):
        _outcome(placed, clerk, CallInOutcome.NO_FURTHER_ACTION, on=MEETING_DAY - datetime.timedelta(days=1))
    assert _outcome(placed, clerk, CallInOutcome.NO_FURTHER_ACTION).outcome_on == MEETING_DAY


def test_the_outcome_is_recorded_once(placed, clerk):
    _outcome(placed, clerk, CallInOutcome.NO_FURTHER_ACTION)
    with pytest.raises(RuleError, match="already recorded"):
        _outcome(placed, clerk, CallInOutcome.REFERRED_BACK, concerns="Second thoughts.")


def test_a_councillor_cannot_record_the_outcome(placed, chair):
    with pytest.raises(RuleError, match="Only Democratic Services"):
        _outcome(placed, chair, CallInOutcome.NO_FURTHER_ACTION)


def test_the_outcome_needs_the_call_in_on_a_meeting(called_in, clerk):
    with pytest.raises(RuleError, match="Place the call-in on a meeting"):
        _outcome(called_in, clerk, CallInOutcome.NO_FURTHER_ACTION)


def test_no_further_action_makes_the_decision_effective_that_day(placed, clerk, decision):
    _outcome(placed, clerk, CallInOutcome.NO_FURTHER_ACTION)
    assert _status(decision, MEETING_DAY - datetime.timedelta(days=1)) == CallInStatus.CALLED_IN
    assert _status(decision, MEETING_DAY) == CallInStatus.EFFECTIVE
    decision = ExecutiveDecision.objects.for_list().get(pk=decision.pk)
    assert decision.effective_from == MEETING_DAY
    assert decision.call_in_wording(MEETING_DAY) == "Effective from 6 January 2027"


def test_referred_back_stays_not_effective_until_the_decision_maker_responds(placed, clerk, decision):
    with pytest.raises(RuleError, match="committee's concerns"):
        _outcome(placed, clerk, CallInOutcome.REFERRED_BACK)
    _outcome(placed, clerk, CallInOutcome.REFERRED_BACK, concerns="The staff were not consulted.")
    responded = D(2027, 1, 20)
    for day, status in [
        (D(2026, 12, 22), CallInStatus.SUBJECT_TO_CALL_IN),
        (VALID_ON, CallInStatus.CALLED_IN),
        (D(2027, 1, 5), CallInStatus.CALLED_IN),  # after the period, before the meeting: still not effective
        (MEETING_DAY, CallInStatus.REFERRED_BACK),
        (responded, CallInStatus.REFERRED_BACK),
    ]:
        assert _status(decision, day) == status, day
    decision = ExecutiveDecision.objects.for_list().get(pk=decision.pk)
    assert decision.effective_from is None
    with pytest.raises(RuleError, match="cannot come before the referral"):
        services.call_in_response_record(
            call_in=placed, response=CallInResponse.CONFIRMED, by=clerk, on=D(2027, 1, 5), today=responded
        )
    with pytest.raises(RuleError, match="how the decision was amended"):
        services.call_in_response_record(
            call_in=placed, response=CallInResponse.AMENDED, by=clerk, on=responded, today=responded
        )
    services.call_in_response_record(
        call_in=placed,
        response=CallInResponse.AMENDED,
        by=clerk,
        on=responded,
        notes="The depot stays open until the staff are consulted.",
        today=responded,
    )
    assert _status(decision, responded - datetime.timedelta(days=1)) == CallInStatus.REFERRED_BACK
    assert _status(decision, responded) == CallInStatus.EFFECTIVE
    with pytest.raises(RuleError, match="already recorded"):
        services.call_in_response_record(
            call_in=placed, response=CallInResponse.CONFIRMED, by=clerk, on=responded, today=responded
        )


def test_referred_to_council_waits_for_councils_response(placed, clerk, decision):
    _outcome(placed, clerk, CallInOutcome.REFERRED_TO_COUNCIL, concerns="The decision is outside the budget.")
    assert _status(decision, D(2027, 2, 1)) == CallInStatus.REFERRED_TO_COUNCIL
    call_in = services.call_in_response_record(
        call_in=placed, response=CallInResponse.CONFIRMED, by=clerk, on=D(2027, 2, 24), today=D(2027, 2, 24)
    )
    assert call_in.responder == "full Council"
    assert _status(decision, D(2027, 2, 24)) == CallInStatus.EFFECTIVE


def test_no_further_action_has_no_response(placed, clerk):
    _outcome(placed, clerk, CallInOutcome.NO_FURTHER_ACTION)
    with pytest.raises(RuleError, match="Only a call-in referred"):
        services.call_in_response_record(
            call_in=placed, response=CallInResponse.CONFIRMED, by=clerk, on=MEETING_DAY, today=MEETING_DAY
        )


def test_a_call_in_that_never_became_valid_leaves_the_decision_effective_after_the_period(decision, members):
    _call_in(decision, members[0])
    assert _status(decision, LAST_DAY + datetime.timedelta(days=1)) == CallInStatus.EFFECTIVE


def test_the_list_filters_follow_the_call_in(placed, clerk, decision):
    other = _decision(clerk, title="Name the new park")
    on = D(2027, 1, 5)
    published = ExecutiveDecision.objects.all()
    assert set(published.called_in(on)) == {decision}
    assert set(published.effective(on)) == {other}
    assert set(published.subject_to_call_in(D(2026, 12, 30))) == {other}
    _outcome(placed, clerk, CallInOutcome.NO_FURTHER_ACTION)
    assert set(published.effective(MEETING_DAY)) == {decision, other}
    assert set(published.called_in(MEETING_DAY)) == set()


# --- The demo ------------------------------------------------------------------------------------


def test_the_demo_has_a_call_in_considered_by_o_and_s_and_referred_back(demo_council):
    call_in = CallIn.objects.select_related("item__meeting__body").get()
    assert call_in.decision.title == "Opening hours of the customer service centre"
    assert call_in.signatures.count() == 3 and call_in.valid_on is not None
    assert call_in.item.meeting.body.name == "Overview and Scrutiny Committee"
    assert call_in.outcome == CallInOutcome.REFERRED_BACK
    assert _status(call_in.decision, call_in.outcome_on) == CallInStatus.REFERRED_BACK


def test_a_call_in_whose_meeting_is_cancelled_is_placed_again(placed, clerk, scrutiny):
    from scrutiny import services as scrutiny_services

    scrutiny_services.meeting_cancel(meeting=placed.item.meeting, reason="The venue flooded.", by=clerk)
    with pytest.raises(RuleError, match="cancelled: place the call-in on another meeting"):
        _outcome(placed, clerk, CallInOutcome.NO_FURTHER_ACTION)
    again = _place(placed, clerk, MeetingFactory(body=scrutiny, starts_at=london(2027, 1, 13)))
    assert again.item.meeting.date == D(2027, 1, 13)
    other = MeetingFactory(body=scrutiny, starts_at=london(2027, 1, 14))
    with pytest.raises(RuleError, match="already on a meeting's agenda"):
        _place(again, clerk, other)
