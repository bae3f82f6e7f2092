"""Recording executive decisions: the notice rules enforced at the moment of action (regs 9-11),
and the decision notice starting call-in (s.9F)."""

import datetime

import pytest
from django.utils import timezone

from council.errors import RuleError
from executive import selectors, services
from executive.models import CallInStatus, DecisionRoute, EntryStatus
from members.models import BodyKind, MembershipRole
from tests.factories import BodyFactory, CabinetFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
LATER = D(2027, 12, 31)  # "today" for the decisions these tests record
PUBLISHED = D(2026, 12, 1)  # a Tuesday; 28 clear days: decided from 30 December


@pytest.fixture
def clerk():
    return UserFactory(roles=["Democratic Services"])


@pytest.fixture
def cabinet():
    return CabinetFactory()


@pytest.fixture
def key_entry(clerk, cabinet):
    officer = UserFactory(roles=["Officer"])
    entry = services.entry_draft(
        by=officer,
        title="Award the leisure contract",
        decision_maker=cabinet,
        expected_decision_on=D(2027, 1, 6),
        amount_pounds=4_200_000,
    )
    moment = timezone.make_aware(datetime.datetime.combine(PUBLISHED, datetime.time(10)))
    services.forward_plan_publish(by=clerk, include=[entry], now=moment)
    entry.refresh_from_db()
    return entry


@pytest.fixture
def scrutiny_chair():
    chair = UserFactory(roles=["Councillor"])
    MembershipFactory(person=chair, role=MembershipRole.CHAIR, body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY))
    return chair


def _record(clerk, entry, decided_on, **fields):
    fields.setdefault("decision", "To award the contract to the preferred bidder.")
    fields.setdefault("reasons", "Best value.")
    fields.setdefault("today", LATER)
    return services.decision_record(
        by=clerk, decision_maker=entry.decision_maker, entry=entry, decided_on=decided_on, **fields
    )


# --- Reg 9: 28 clear days, at both boundaries -----------------------------------------------------


def test_a_key_decision_the_day_before_the_28_clear_days_is_refused(clerk, key_entry):
    with pytest.raises(RuleError, match="may be taken from 30 December 2026"):
        _record(clerk, key_entry, D(2026, 12, 29))
    key_entry.refresh_from_db()
    assert key_entry.status == EntryStatus.PUBLISHED


def test_a_key_decision_on_the_earliest_day_is_recorded(clerk, key_entry):
    decision = _record(clerk, key_entry, D(2026, 12, 30))
    assert decision.is_key and decision.route == DecisionRoute.NORMAL
    key_entry.refresh_from_db()
    assert key_entry.status == EntryStatus.DECIDED


def test_a_key_decision_never_in_the_forward_plan_is_refused(clerk, cabinet):
    with pytest.raises(RuleError, match="not been published in the forward plan"):
        services.decision_record(
            by=clerk,
            decision_maker=cabinet,
            decided_on=D(2027, 6, 1),
            is_key=True,
            title="Close the depot",
            decision="Close it.",
            reasons="Savings.",
        )


def test_a_decision_that_is_not_key_needs_no_notice(clerk, cabinet):
    decision = services.decision_record(
        by=clerk,
        decision_maker=cabinet,
        decided_on=D(2026, 12, 2),
        title="Name the new park",
        decision="Name it.",
        reasons="Consulted.",
    )
    assert not decision.is_key


def test_only_democratic_services_record_decisions(key_entry):
    with pytest.raises(RuleError, match="Democratic Services"):
        _record(UserFactory(roles=["Officer"]), key_entry, D(2027, 1, 6))


# --- Reg 10: the general exception ----------------------------------------------------------------


def test_general_exception_at_both_boundaries(clerk, key_entry, scrutiny_chair):
    route = {
        "route": DecisionRoute.GENERAL_EXCEPTION,
        "general_exception_notice_on": D(2026, 12, 7),  # Monday: 5 clear working days to Mon 14
        "scrutiny_chair_informed_on": D(2026, 12, 7),
        "scrutiny_chair": scrutiny_chair,
    }
    with pytest.raises(RuleError, match="from 15 December 2026"):
        _record(clerk, key_entry, D(2026, 12, 14), **route)
    decision = _record(clerk, key_entry, D(2026, 12, 15), **route)
    assert decision.route == DecisionRoute.GENERAL_EXCEPTION


def test_general_exception_needs_the_chair_informed(clerk, key_entry):
    with pytest.raises(RuleError, match="O&S chair informed"):
        _record(
            clerk,
            key_entry,
            D(2026, 12, 20),
            route=DecisionRoute.GENERAL_EXCEPTION,
            general_exception_notice_on=D(2026, 12, 7),
        )


def test_general_exception_needs_an_overview_and_scrutiny_chair(clerk, key_entry, scrutiny_chair):
    somebody = UserFactory(roles=["Councillor"])
    with pytest.raises(RuleError, match="chair an overview and scrutiny"):
        _record(
            clerk,
            key_entry,
            D(2026, 12, 20),
            route=DecisionRoute.GENERAL_EXCEPTION,
            general_exception_notice_on=D(2026, 12, 7),
            scrutiny_chair_informed_on=D(2026, 12, 7),
            scrutiny_chair=somebody,
        )


# --- Reg 11: special urgency -----------------------------------------------------------------------


def _urgency(agreed_by, **extra):
    return {
        "route": DecisionRoute.SPECIAL_URGENCY,
        "urgency_agreed_by": agreed_by,
        "urgency_agreed_on": D(2026, 12, 2),
        "urgency_reasons": "The provider has gone into administration.",
        **extra,
    }


def test_special_urgency_agreed_by_the_scrutiny_chair(clerk, key_entry, scrutiny_chair):
    decision = _record(clerk, key_entry, D(2026, 12, 2), **_urgency(scrutiny_chair))
    assert decision.route == DecisionRoute.SPECIAL_URGENCY


def test_special_urgency_needs_the_reasons(clerk, key_entry, scrutiny_chair):
    with pytest.raises(RuleError, match="reasons"):
        _record(clerk, key_entry, D(2026, 12, 2), **_urgency(scrutiny_chair, urgency_reasons=" "))


def test_special_urgency_not_agreed_by_a_councillor_who_is_not_the_chair(clerk, key_entry, scrutiny_chair):
    with pytest.raises(RuleError, match="Only the chair"):
        _record(clerk, key_entry, D(2026, 12, 2), **_urgency(UserFactory(roles=["Councillor"])))


def test_special_urgency_agreed_by_the_chair_of_the_council_when_there_is_no_scrutiny_chair(clerk, key_entry):
    council = BodyFactory(kind=BodyKind.COUNCIL, name="Council", slug="council")
    vice_chair = UserFactory(roles=["Councillor"])
    MembershipFactory(person=vice_chair, body=council, role=MembershipRole.VICE_CHAIR)
    decision = _record(clerk, key_entry, D(2026, 12, 2), **_urgency(vice_chair))
    assert decision.urgency_agreed_by == vice_chair


def test_urgency_agreed_after_the_decision_is_refused(clerk, key_entry, scrutiny_chair):
    with pytest.raises(RuleError, match="on or before"):
        _record(clerk, key_entry, D(2026, 12, 1), **_urgency(scrutiny_chair))


def test_quarterly_special_urgency_report(clerk, key_entry, scrutiny_chair):
    decision = _record(clerk, key_entry, D(2026, 12, 2), **_urgency(scrutiny_chair))
    assert list(selectors.special_urgency_report(year=2026, quarter=4)) == [decision]
    assert list(selectors.special_urgency_report(year=2026, quarter=3)) == []
    assert list(selectors.special_urgency_report(year=2027, quarter=1)) == []


# --- The decision notice and call-in ----------------------------------------------------------------


def test_publishing_the_notice_starts_the_call_in_period(clerk, key_entry):
    decision = _record(clerk, key_entry, D(2026, 12, 30))
    assert decision.call_in_status(D(2026, 12, 30)) == CallInStatus.NOT_PUBLISHED
    decision = services.decision_notice_publish(decision=decision, by=clerk, on=D(2026, 12, 31))
    # Thu 31 Dec: Fri 1 Jan is a bank holiday; Mon 4, Tue 5, Wed 6, Thu 7, Fri 8.
    assert decision.call_in_ends_on == D(2027, 1, 8)
    assert decision.call_in_status(D(2027, 1, 8)) == CallInStatus.SUBJECT_TO_CALL_IN
    assert decision.call_in_wording(D(2027, 1, 8)) == "Subject to call-in until 8 January 2027"
    assert decision.call_in_status(D(2027, 1, 9)) == CallInStatus.EFFECTIVE
    assert decision.call_in_wording(D(2027, 1, 9)) == "Effective from 9 January 2027"
    with pytest.raises(RuleError, match="already published"):
        services.decision_notice_publish(decision=decision, by=clerk, on=D(2027, 1, 2))


def test_a_notice_is_not_published_before_the_decision(clerk, key_entry):
    decision = _record(clerk, key_entry, D(2026, 12, 30))
    with pytest.raises(RuleError, match="before the decision"):
        services.decision_notice_publish(decision=decision, by=clerk, on=D(2026, 12, 29))


def test_an_urgent_decision_exempt_from_call_in_says_so(clerk, key_entry, scrutiny_chair):
    decision = _record(
        clerk, key_entry, D(2026, 12, 2), **_urgency(scrutiny_chair, call_in_exempt_reason="Delay would harm residents")
    )
    decision = services.decision_notice_publish(decision=decision, by=clerk, on=D(2026, 12, 2))
    assert decision.call_in_ends_on is None
    assert decision.call_in_status(D(2026, 12, 3)) == CallInStatus.EXEMPT


def test_only_an_urgent_decision_may_be_exempt_from_call_in(clerk, key_entry):
    with pytest.raises(RuleError, match="Only an urgent decision"):
        _record(clerk, key_entry, D(2026, 12, 30), call_in_exempt_reason="Because")


def test_the_clock_starts_on_the_london_day_the_edition_was_published(clerk, cabinet):
    entry = services.entry_draft(
        by=UserFactory(roles=["Officer"]),
        title="Sell the depot",
        decision_maker=cabinet,
        expected_decision_on=D(2026, 5, 1),
        amount_pounds=600_000,
    )
    # 23:30 UTC on 30 March 2026 is 00:30 BST on 31 March: the edition is published on the 31st.
    edition = services.forward_plan_publish(
        by=clerk, include=[entry], now=datetime.datetime(2026, 3, 30, 23, 30, tzinfo=datetime.UTC)
    )
    assert edition.published_on == D(2026, 3, 31)
    with pytest.raises(RuleError, match="may be taken from 29 April 2026"):
        _record(clerk, entry, D(2026, 4, 28))
    assert _record(clerk, entry, D(2026, 4, 29)).is_key


def test_the_person_who_agrees_the_urgency_does_not_record_the_decision(key_entry, scrutiny_chair):
    scrutiny_chair.groups.add(*UserFactory(roles=["Democratic Services"]).groups.all())
    with pytest.raises(RuleError, match="cannot record or take the decision"):
        _record(scrutiny_chair, key_entry, D(2026, 12, 2), **_urgency(scrutiny_chair))


def test_a_withdrawn_entry_is_not_decided(clerk, key_entry):
    services.entry_withdraw(entry=key_entry, by=clerk)
    with pytest.raises(RuleError, match="withdrawn"):
        _record(clerk, key_entry, D(2027, 1, 6))


def test_a_decision_is_not_dated_in_the_future(clerk, key_entry):
    with pytest.raises(RuleError, match="cannot be in the future"):
        _record(clerk, key_entry, D(2027, 1, 6), today=D(2027, 1, 5))
    assert _record(clerk, key_entry, D(2027, 1, 6), today=D(2027, 1, 6)).decided_on == D(2027, 1, 6)


def test_an_entry_linked_to_an_older_edition_afterwards_gains_no_notice(clerk, cabinet):
    from executive.models import ForwardPlanEdition

    other = services.entry_draft(
        by=clerk, title="Name the park", decision_maker=cabinet, expected_decision_on=D(2027, 1, 6)
    )
    old = services.forward_plan_publish(
        by=clerk, include=[other], now=timezone.make_aware(datetime.datetime(2026, 10, 1, 10))
    )
    entry = services.entry_draft(
        by=clerk,
        title="Sell the depot",
        decision_maker=cabinet,
        expected_decision_on=D(2027, 1, 6),
        amount_pounds=700_000,
    )
    services.forward_plan_publish(
        by=clerk, include=[entry], now=timezone.make_aware(datetime.datetime(2026, 12, 1, 10))
    )
    ForwardPlanEdition.entries.through.objects.create(forwardplanedition=old, forwardplanentry=entry)
    with pytest.raises(RuleError, match="first in the forward plan on 1 December 2026"):
        _record(clerk, entry, D(2026, 12, 20))
