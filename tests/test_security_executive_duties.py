"""The attacker's forged POSTs on the executive thread (issue 14): each role that should be refused
posts straight to the route (no form shown to them), with other objects' ids, and nothing changes:
an officer publishing notices or recording Cabinet decisions, a councillor recording a call-in's
outcome, a Cabinet Member calling in their own decision, a member signing a call-in in another's
name, an officer recording an officer decision in another officer's name or publishing their own."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from executive import services
from executive.models import (
    CallIn,
    CallInSignature,
    ExecutiveDecision,
    GeneralExceptionNotice,
    OfficerDecision,
    PrivateMeetingNotice,
)
from members.models import BodyKind, MembershipRole
from tests.factories import BodyFactory, CabinetFactory, MemberFactory, MembershipFactory, OfficerFactory, UserFactory
from tests.factories.executive import CabinetMemberDecisionMakerFactory, ForwardPlanEntryFactory
from tests.private_meetings_kit import cabinet_meeting

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
def scrutiny():
    return BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY, name="Overview and Scrutiny Committee")


def _councillor(body=None, role=MembershipRole.MEMBER, roles=("Councillor",)):
    person = MemberFactory().user
    person.groups.add(*UserFactory(roles=list(roles)).groups.all())
    if body is not None:
        MembershipFactory(person=person, body=body, role=role)
    return person


def _published(clerk, maker, title="Close the Riverside depot"):
    decision = services.decision_record(
        by=clerk,
        decision_maker=maker,
        decided_on=D(2027, 2, 25),
        title=title,
        decision="To close it.",
        reasons="Under-used.",
        today=TODAY,
    )
    return services.decision_notice_publish(decision=decision, by=clerk, on=D(2027, 2, 26))


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            ExecutiveDecision,
            CallIn,
            CallInSignature,
            GeneralExceptionNotice,
            OfficerDecision,
            PrivateMeetingNotice,
        )
    }


def test_an_officer_forging_the_clerks_posts_changes_nothing(client, clerk):
    officer = OfficerFactory().user
    cabinet = CabinetFactory()
    decision = services.decision_record(
        by=clerk,
        decision_maker=cabinet,
        decided_on=D(2027, 2, 25),
        title="Close the Riverside depot",
        decision="To close it.",
        reasons="Under-used.",
        today=TODAY,
    )
    meeting, item = cabinet_meeting(clerk, day=D(2027, 4, 29))
    entry = ForwardPlanEntryFactory(decision_maker=cabinet)
    chair = _councillor(BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY), MembershipRole.CHAIR)
    before = _counts()
    client.force_login(officer)
    posts = {
        reverse("executive:decision-add"): {
            "decision_maker": cabinet.pk,
            "decided_on": "2027-03-01",
            "route": "normal",
            "title": "Forged",
            "decision": "Forged.",
            "reasons": "Forged.",
        },
        reverse("executive:decision-publish", args=[decision.pk]): {"published_on": "2027-03-01"},
        reverse("executive:general-exception-publish", args=[entry.pk]): {
            "scrutiny_chair": chair.pk,
            "reasons": "Forged.",
        },
        reverse("executive:private-notice-give", args=[item.pk]): {
            "matter": "Forged",
            "reasons": "Forged.",
            "published_on": "2027-03-01",
        },
        reverse("executive:meeting-decision-record", args=[item.pk]): {"title": "Forged", "decision": "Forged."},
        reverse("executive:call-in-place", args=[decision.pk]): {"meeting": meeting.pk},
        reverse("executive:call-in-outcome", args=[decision.pk]): {"outcome": "no_further_action", "on": "2027-03-01"},
    }
    refused = {url: client.post(url, data).status_code for url, data in posts.items()}
    assert refused == dict.fromkeys(posts, 403)
    decision.refresh_from_db()
    assert decision.notice_published_on is None
    assert _counts() == before


def test_a_councillor_cannot_record_a_call_ins_outcome(client, clerk, scrutiny):
    decision = _published(clerk, CabinetFactory())
    members = [_councillor(scrutiny) for _ in range(3)]
    for member in members:
        call_in = services.call_in_request(
            decision=decision, by=member, reasons="Not consulted.", outcome_sought="referred_back", today=TODAY
        )
    client.force_login(members[0])
    url = reverse("executive:call-in-outcome", args=[decision.pk])
    assert client.post(url, {"outcome": "no_further_action", "on": "2027-03-01"}).status_code == 403
    call_in.refresh_from_db()
    assert call_in.outcome == ""


def test_a_cabinet_member_cannot_call_in_their_own_decision(client, clerk, scrutiny):
    maker = CabinetMemberDecisionMakerFactory()
    holder = maker.portfolio.cabinet_member.user
    holder.groups.add(*UserFactory(roles=["Councillor", "Cabinet Member"]).groups.all())
    MembershipFactory(person=holder, body=scrutiny, role=MembershipRole.CHAIR)  # misrecorded seat
    decision = _published(clerk, maker)
    client.force_login(holder)
    url = reverse("executive:call-in-request", args=[decision.pk])
    assert client.post(url, {"reasons": "Mine.", "outcome_sought": "referred_back"}).status_code == 403
    assert not CallIn.objects.exists()


def test_a_member_cannot_sign_a_call_in_in_another_members_name(client, clerk, scrutiny):
    decision = _published(clerk, CabinetFactory())
    member, other = _councillor(scrutiny), _councillor(scrutiny)
    client.force_login(member)
    url = reverse("executive:call-in-request", args=[decision.pk])
    data = {"reasons": "Not consulted.", "outcome_sought": "referred_back", "member": other.pk, "by": other.pk}
    assert client.post(url, data).status_code == 302
    assert list(CallInSignature.objects.values_list("member", flat=True)) == [member.pk]


def test_a_call_in_on_another_decisions_id_is_the_decision_in_the_url(client, clerk, scrutiny):
    first, second = _published(clerk, CabinetFactory()), _published(clerk, CabinetFactory(), title="Sell the depot")
    member = _councillor(scrutiny)
    client.force_login(member)
    url = reverse("executive:call-in-request", args=[first.pk])
    data = {"reasons": "Not consulted.", "outcome_sought": "referred_back", "decision": second.pk}
    assert client.post(url, data).status_code == 302
    assert list(CallIn.objects.values_list("decision", flat=True)) == [first.pk]


def test_an_officer_cannot_record_an_officer_decision_in_another_officers_name_nor_publish_their_own(client, clerk):
    officer, other = OfficerFactory(), OfficerFactory()
    client.force_login(officer.user)
    data = {
        "officer": other.pk,
        "title": "Forged award",
        "ground": "contract",
        "authority": "Delegation H4",
        "decided_on": "2027-02-26",
        "decision": "To award.",
        "reasons": "Best value.",
    }
    response = client.post(reverse("executive:officer-decision-add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(OfficerDecision.objects.values_list("officer", flat=True)) == [officer.pk]
    own = OfficerDecision.objects.get()
    url = reverse("executive:officer-decision-publish", args=[own.pk])
    assert client.post(url, {"published_on": "2027-03-01"}).status_code == 403
    own.refresh_from_db()
    assert own.published_on is None


def test_a_councillor_off_scrutiny_and_an_officer_cannot_call_in(client, clerk):
    decision = _published(clerk, CabinetFactory())
    url = reverse("executive:call-in-request", args=[decision.pk])
    for person in (_councillor(), OfficerFactory().user):
        client.force_login(person)
        assert client.post(url, {"reasons": "No.", "outcome_sought": "referred_back"}).status_code == 403
    assert not CallIn.objects.exists()
