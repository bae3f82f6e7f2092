"""The attacker's tests of the executive's clocks (issue 14): each tries to get round the 28 clear
days of a key decision, the general exception's 5 clear working days or the call-in period by
another path than the plain form: telling the service a key entry's decision is not key, deciding
an entry twice (the plain form, then the work plan's or the meeting's path), and two POSTs of the
same form."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from council.errors import RuleError
from executive import services
from executive.models import CallInSignature, ExecutiveDecision, GeneralExceptionNotice
from members.models import BodyKind, MembershipRole
from tests.factories import BodyFactory, CabinetFactory, MemberFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
NOW = datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC)  # Monday 1 March 2027
TODAY = D(2027, 3, 1)


@pytest.fixture(autouse=True)
def _on_1_march_2027():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


@pytest.fixture
def clerk():
    return UserFactory(roles=["Democratic Services"])


@pytest.fixture
def cabinet():
    return CabinetFactory()


def _entry(clerk, cabinet, published_on: D, amount: int = 4_200_000):
    officer = UserFactory(roles=["Officer"])
    entry = services.entry_draft(
        by=officer,
        title="Award the leisure contract",
        decision_maker=cabinet,
        expected_decision_on=D(2027, 4, 1),
        amount_pounds=amount,
    )
    moment = timezone.make_aware(datetime.datetime.combine(published_on, datetime.time(10)))
    services.forward_plan_publish(by=clerk, include=[entry], now=moment)
    entry.refresh_from_db()
    return entry


def _record(clerk, entry, **fields):
    fields.setdefault("decided_on", TODAY)
    return services.decision_record(
        by=clerk,
        decision_maker=entry.decision_maker,
        entry=entry,
        decision="To award the contract to the preferred bidder.",
        reasons="Best value.",
        today=TODAY,
        **fields,
    )


def test_a_key_entrys_decision_cannot_be_recorded_as_not_key_to_skip_its_28_days(clerk, cabinet):
    entry = _entry(clerk, cabinet, published_on=D(2027, 2, 22))  # a week ago
    assert entry.is_key
    with pytest.raises(RuleError, match="28 clear days"):
        _record(clerk, entry, is_key=False)
    assert not ExecutiveDecision.objects.exists()


def test_an_entry_is_decided_once(clerk, cabinet):
    entry = _entry(clerk, cabinet, published_on=D(2027, 1, 4))
    _record(clerk, entry)
    with pytest.raises(RuleError, match="already decided"):
        _record(clerk, entry, title="Award the leisure contract again")
    assert ExecutiveDecision.objects.filter(entry=entry).count() == 1


def test_two_posts_of_the_decision_form_on_an_entry_record_one_decision(client, clerk, cabinet):
    entry = _entry(clerk, cabinet, published_on=D(2027, 1, 4))
    client.force_login(clerk)
    data = {
        "entry": entry.pk,
        "decision_maker": cabinet.pk,
        "decided_on": "2027-03-01",
        "route": "normal",
        "decision": "To award the contract.",
        "reasons": "Best value.",
    }
    first = client.post(reverse("executive:decision-add"), data)
    assert first.status_code == 302, first.content.decode()[:2000]
    second = client.post(reverse("executive:decision-add"), data)
    assert second.status_code == 200
    assert ExecutiveDecision.objects.filter(entry=entry).count() == 1


def _scrutiny_member(body, role=MembershipRole.MEMBER):
    person = MemberFactory().user
    person.groups.add(*UserFactory(roles=["Councillor"]).groups.all())
    MembershipFactory(person=person, body=body, role=role)
    return person


def test_two_posts_of_a_call_in_put_one_name_to_it(client, clerk, cabinet):
    decision = services.decision_record(
        by=clerk,
        decision_maker=cabinet,
        decided_on=D(2027, 2, 25),
        title="Close the Riverside depot",
        decision="To close it.",
        reasons="Under-used.",
        today=TODAY,
    )
    services.decision_notice_publish(decision=decision, by=clerk, on=D(2027, 2, 26))
    member = _scrutiny_member(BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY))
    client.force_login(member)
    url = reverse("executive:call-in-request", args=[decision.pk])
    data = {"reasons": "The consultation was not considered.", "outcome_sought": "referred_back"}
    assert client.post(url, data).status_code == 302
    second = client.post(url, data)
    assert second.status_code == 200
    assert "already put your name" in second.content.decode()
    assert CallInSignature.objects.filter(member=member).count() == 1


def test_two_posts_of_a_general_exception_notice_publish_one(client, clerk, cabinet):
    officer = UserFactory(roles=["Officer"])
    entry = services.entry_draft(
        by=officer,
        title="Emergency home care contract",
        decision_maker=cabinet,
        expected_decision_on=D(2027, 3, 12),
        amount_pounds=900_000,
    )
    chair = _scrutiny_member(BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY), MembershipRole.CHAIR)
    client.force_login(clerk)
    url = reverse("executive:general-exception-publish", args=[entry.pk])
    data = {"scrutiny_chair": chair.pk, "reasons": "The provider gave notice.", "on": "2027-03-01"}
    data["published_on"] = "2027-03-01"
    assert client.post(url, data).status_code == 302
    client.post(url, data)
    assert GeneralExceptionNotice.objects.filter(entry=entry).count() == 1


def test_a_decision_notice_cannot_be_dated_back_to_end_the_call_in_period_at_once(client, clerk, cabinet):
    # The notice is dated by the system the day it is published: a date typed in the form (or forged
    # in the post) cannot end the call-in period before members could see the notice. (The service
    # takes ``on`` from the demo loader and tests, as other services take ``today``; no page passes it.)
    decision = services.decision_record(
        by=clerk,
        decision_maker=cabinet,
        decided_on=D(2027, 2, 1),
        title="Close the Riverside depot",
        decision="To close it.",
        reasons="Under-used.",
        today=TODAY,
    )
    client.force_login(clerk)
    page = client.get(reverse("executive:decision-publish", args=[decision.pk])).content.decode()
    assert 'name="published_on"' not in page and "published today, 1 March 2027" in page
    client.post(reverse("executive:decision-publish", args=[decision.pk]), {"published_on": "2027-02-01"})
    decision.refresh_from_db()
    assert decision.notice_published_on == TODAY
    assert decision.call_in_ends_on == D(2027, 3, 8)


def test_a_private_meeting_notice_is_dated_the_day_it_is_published(client, clerk):
    from executive.models import PrivateMeetingNotice
    from tests.private_meetings_kit import cabinet_meeting

    _, item = cabinet_meeting(clerk, day=D(2027, 4, 30))
    client.force_login(clerk)
    client.post(
        reverse("executive:private-notice-give", args=[item.pk]),
        {"matter": "Award of the leisure contract", "reasons": "Prices.", "published_on": "2027-01-01"},
    )
    assert PrivateMeetingNotice.objects.get(item=item).intention_published_on == TODAY


def test_an_entry_made_key_after_publication_counts_its_28_days_from_the_first_edition_naming_it_key(clerk, cabinet):
    # Published as not key (a small sum) long ago; made key the day before, and decided at once.
    entry = _entry(clerk, cabinet, published_on=D(2027, 1, 4), amount=20_000)
    assert not entry.is_key
    entry = services.entry_update(entry=entry, by=clerk, amount_pounds=4_200_000)
    assert entry.is_key
    with pytest.raises(RuleError, match="forward plan"):
        _record(clerk, entry)
    moment = timezone.make_aware(datetime.datetime.combine(D(2027, 1, 29), datetime.time(10)))
    services.forward_plan_publish(by=clerk, now=moment)  # the first edition naming it key
    assert _record(clerk, entry, decided_on=D(2027, 2, 27)).is_key  # 28 clear days after 29 January


def test_a_cabinet_meeting_moved_earlier_still_needs_its_private_notices_in_time(clerk):
    # The notice of intention was given on the last day for 4 February; the agenda is published.
    # Moving the meeting to 3 February would leave fewer than 28 clear days: refused (reg 5).
    from scrutiny.services import meeting_reschedule
    from tests.private_meetings_kit import LAST_INTENTION_DAY, cabinet_meeting, notices_in_time, publish_agenda

    meeting, item = cabinet_meeting(clerk)
    notices_in_time(item, clerk, intention_published_on=LAST_INTENTION_DAY, further_notice_published_on=D(2027, 1, 20))
    publish_agenda(meeting, clerk, today=D(2027, 1, 20))
    with pytest.raises(RuleError, match="reg 5"):
        meeting_reschedule(
            meeting=meeting,
            day=D(2027, 2, 3),
            start_time=datetime.time(18),
            venue="Town Hall",
            by=clerk,
            today=D(2027, 1, 21),
        )
    meeting.refresh_from_db()
    assert meeting.date == D(2027, 2, 4)
    # Later is fine: the notices gave more than enough.
    meeting_reschedule(
        meeting=meeting,
        day=D(2027, 2, 11),
        start_time=datetime.time(18),
        venue="Town Hall",
        by=clerk,
        today=D(2027, 1, 21),
    )


def test_the_meeting_a_call_in_is_on_cannot_be_moved_past_the_day_it_must_be_considered_by(clerk, cabinet):
    from council import permissions
    from executive.services.call_in import call_in_place
    from scrutiny.services import agenda_item_add, agenda_publish, meeting_reschedule
    from tests.factories import MeetingFactory
    from tests.factories.scrutiny import london

    decision = services.decision_record(
        by=clerk,
        decision_maker=cabinet,
        decided_on=D(2027, 2, 25),
        title="Close the Riverside depot",
        decision="To close it.",
        reasons="Under-used.",
        today=TODAY,
    )
    services.decision_notice_publish(decision=decision, by=clerk, on=D(2027, 2, 26))
    body = BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY)
    permissions.grant("members.change_body", clerk, body)
    chair = _scrutiny_member(body, MembershipRole.CHAIR)
    call_in = services.call_in_request(
        decision=decision, by=chair, reasons="Not consulted.", outcome_sought="referred_back", today=TODAY
    )
    assert call_in.consider_by is not None
    meeting = MeetingFactory(body=body, starts_at=london(2027, 3, 10, 18))
    agenda_item_add(meeting=meeting, by=clerk, title="Work programme", today=TODAY)
    agenda_publish(meeting=meeting, by=clerk, today=TODAY)
    call_in_place(call_in=call_in, meeting=meeting, by=clerk, today=TODAY, urgent_reason="Called in today")
    later = call_in.consider_by + datetime.timedelta(days=7)
    with pytest.raises(RuleError, match="considered by"):
        meeting_reschedule(meeting=meeting, day=later, start_time=datetime.time(18), venue="Town Hall", by=clerk)
    meeting.refresh_from_db()
    assert meeting.date == D(2027, 3, 10)


def test_a_forward_plan_entry_is_decided_by_the_decision_maker_its_notice_named(clerk, cabinet):
    # Reg 9(1)(b): the notice names the decision maker. A key decision noticed for the Cabinet and
    # recorded as a Cabinet Member's would be a decision nobody was given notice of.
    from tests.factories import CabinetMemberDecisionMakerFactory

    entry = _entry(clerk, cabinet, published_on=D(2027, 1, 4), amount=4_200_000)
    with pytest.raises(RuleError, match="forward plan named") as refused:
        services.decision_record(
            by=clerk,
            decision_maker=CabinetMemberDecisionMakerFactory(),
            entry=entry,
            decided_on=D(2027, 2, 26),
            decision="To award it.",
            reasons="Best value.",
            today=TODAY,
        )
    assert refused.value.field == "decision_maker"
    entry.refresh_from_db()
    assert not ExecutiveDecision.objects.filter(entry=entry).exists()
