"""Cabinet Member decision sessions: a meeting of the Cabinet body marked as a Cabinet Member's
session; the decisions recorded on its items are that Cabinet Member's, with every notice rule."""

import datetime

import pytest
from django.urls import reverse

from council.errors import RuleError
from executive import services
from executive.models import DecisionSession
from tests.factories import ForwardPlanEntryFactory, UserFactory
from tests.factories.executive import CabinetMemberDecisionMakerFactory
from tests.factories.scrutiny import london
from tests.private_meetings_kit import MEETING_DAY, cabinet_meeting, clerk, publish_agenda

pytestmark = pytest.mark.django_db

FIELDS = {"decision": "To adopt the parking policy.", "reasons": "The consultation supported it."}


def _session(by, maker=None):
    meeting, _ = cabinet_meeting(by, exempt=False)
    maker = maker or CabinetMemberDecisionMakerFactory()
    services.decision_session_mark(meeting=meeting, decision_maker=maker, by=by)
    publish_agenda(meeting, by)
    return meeting, meeting.items.get(title="Leisure strategy"), maker


def _entry_published_on(maker, day: datetime.date):
    entry = ForwardPlanEntryFactory(decision_maker=maker, is_key=True, expected_decision_on=MEETING_DAY)
    services.forward_plan_publish(by=clerk(), include=[entry], now=london(day.year, day.month, day.day, 12))
    entry.refresh_from_db()
    return entry


def test_a_decision_at_a_session_is_the_cabinet_members():
    by = clerk()
    meeting, item, maker = _session(by)
    decision = services.decision_record_from_item(item=item, by=by, today=MEETING_DAY, **FIELDS)
    assert decision.decision_maker == maker and decision.portfolio == maker.portfolio
    assert decision.decided_on == MEETING_DAY and decision.agenda_item == item


def test_the_28_day_rule_still_applies_at_a_session():
    by = clerk()
    _, item, maker = _session(by)
    with pytest.raises(RuleError, match="has not been published in the forward plan"):
        services.decision_record_from_item(item=item, by=by, is_key=True, today=MEETING_DAY, **FIELDS)
    late = _entry_published_on(maker, datetime.date(2027, 1, 7))
    with pytest.raises(RuleError, match="28 clear days"):
        services.decision_record_from_item(item=item, by=by, entry=late, today=MEETING_DAY, **FIELDS)
    in_time = _entry_published_on(maker, datetime.date(2027, 1, 6))
    decision = services.decision_record_from_item(item=item, by=by, entry=in_time, today=MEETING_DAY, **FIELDS)
    assert decision.is_key and decision.decision_maker == maker


def test_a_session_is_a_cabinet_meeting_marked_once_before_any_decision():
    by = clerk()
    meeting, item, maker = _session(by)
    with pytest.raises(RuleError, match="already a Cabinet Member decision session"):
        services.decision_session_mark(meeting=meeting, decision_maker=maker, by=by)
    other, _ = cabinet_meeting(by, exempt=False, day=datetime.date(2027, 2, 11))
    publish_agenda(other, by)
    services.decision_record_from_item(item=other.items.get(), by=by, today=datetime.date(2027, 2, 11), **FIELDS)
    with pytest.raises(RuleError, match="already recorded"):
        services.decision_session_mark(meeting=other, decision_maker=maker, by=by)
    with pytest.raises(RuleError, match="Only Democratic Services"):
        services.decision_session_mark(meeting=meeting, decision_maker=maker, by=UserFactory(roles=["Officer"]))


def test_the_cabinet_is_not_a_session_decision_maker():
    by = clerk()
    meeting, _ = cabinet_meeting(by, exempt=False)
    from executive.models import DecisionMaker

    cabinet = DecisionMaker.objects.get(body=meeting.body)
    with pytest.raises(RuleError, match="Cabinet Member's portfolio"):
        services.decision_session_mark(meeting=meeting, decision_maker=cabinet, by=by)


def test_the_pages_name_the_cabinet_member(client_for, client):
    by = clerk()
    meeting, item, maker = _session(by)
    page = client_for(by).get(reverse("executive:meeting-decisions", args=[meeting.pk])).content.decode()
    assert f"the Cabinet Member for {maker}" in page
    form = client_for(by).get(reverse("executive:meeting-decision-record", args=[item.pk])).content.decode()
    assert f"Taken by the Cabinet Member for {maker}" in form
    assert (
        f"Decision session of the Cabinet Member for {maker}" in client.get(meeting.get_absolute_url()).content.decode()
    )


def test_marking_through_the_form(client_for):
    by = clerk()
    meeting, _ = cabinet_meeting(by, exempt=False)
    maker = CabinetMemberDecisionMakerFactory()
    url = reverse("executive:decision-session-mark", args=[meeting.pk])
    assert client_for(UserFactory(roles=["Cabinet Member"])).post(url, {"decision_maker": maker.pk}).status_code == 403
    assert not DecisionSession.objects.exists()
    response = client_for(by).post(url, {"decision_maker": maker.pk})
    assert response.status_code == 302
    assert DecisionSession.objects.get(meeting=meeting).decision_maker == maker


def test_special_urgency_at_a_session_relies_on_the_agreed_request_for_that_cabinet_member():
    from executive.models import UrgencyPurpose
    from members.models import BodyKind, MembershipRole
    from tests.factories import BodyFactory, MembershipFactory

    by = clerk()
    _, item, maker = _session(by)
    chair = UserFactory(roles=["Councillor"])
    MembershipFactory(person=chair, body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY), role=MembershipRole.CHAIR)

    def agreed(for_maker):
        request = services.urgency_request_ask(
            by=by,
            asked_of=chair,
            purpose=UrgencyPurpose.SPECIAL_URGENCY,
            matter="Parking policy",
            decision_maker=for_maker,
            intended_on=MEETING_DAY,
            reasons="The scheme starts first.",
            today=MEETING_DAY,
        )
        return services.urgency_request_answer(request=request, by=chair, agree=True, reasons="Yes.", today=MEETING_DAY)

    urgent = {"is_key": True, "route": "special_urgency", "today": MEETING_DAY, **FIELDS}
    with pytest.raises(RuleError, match="another decision maker"):
        services.decision_record_from_item(
            item=item, by=by, urgency_request=agreed(CabinetMemberDecisionMakerFactory()), **urgent
        )
    decision = services.decision_record_from_item(item=item, by=by, urgency_request=agreed(maker), **urgent)
    assert decision.decision_maker == maker and decision.urgency_agreed_by == chair
