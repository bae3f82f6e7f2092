"""Permission matrix checks for call-in (docs/permissions.md, `call-in.*`)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from executive import services
from executive.models import CallIn, CallInSignature
from members.models import BodyKind, Membership, MembershipRole
from tests.factories import BodyFactory, CabinetFactory, MeetingFactory, MembershipFactory, UserFactory
from tests.matrix import outcome

DAY = datetime.timedelta(days=1)


def _evening(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18)))


def _decision(published_on: datetime.date):
    clerk = UserFactory(roles=["Democratic Services"])
    decision = services.decision_record(
        by=clerk,
        decision_maker=CabinetFactory(),
        decided_on=published_on,
        title="Close the Riverside depot",
        decision="To close the depot.",
        reasons="It is under-used.",
        today=published_on,
    )
    return services.decision_notice_publish(decision=decision, by=clerk, on=published_on)


def _called_in(published_on: datetime.date):
    """A decision the chair of an O&S committee called in the day after its notice."""
    body = BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY)
    chair = UserFactory(roles=["Councillor"])
    MembershipFactory(person=chair, body=body, role=MembershipRole.CHAIR)
    decision = _decision(published_on)
    call_in = services.call_in_request(
        decision=decision, by=chair, reasons="Not consulted.", outcome_sought="referred_back", today=published_on + DAY
    )
    return body, call_in


def call_in_view(client, person, own=None):
    _, call_in = _called_in(timezone.localdate() - DAY)
    response = client.get(call_in.decision.get_absolute_url())
    assert b"Not consulted." in response.content
    return response


def call_in_request(client, person, own=None):
    """own: the councillor sits on an O&S committee today. Every other signed-in person is given
    such a seat too, so a Cabinet Member or officer on O&S is refused for who they are."""
    if own is False:  # their seat (given by the check of their own) ended yesterday
        Membership.objects.filter(person=person).update(end_date=timezone.localdate() - DAY)
    elif person is not None:
        MembershipFactory(person=person, body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY))
    decision = _decision(timezone.localdate())
    response = client.post(
        reverse("executive:call-in-request", args=[decision.pk]),
        {"reasons": "The staff were not consulted.", "outcome_sought": "referred_back"},
    )
    return outcome(response, CallInSignature.objects.filter(call_in__decision=decision, member=person).exists())


def call_in_place(client, person, own=None):
    body, call_in = _called_in(timezone.localdate())
    meeting = MeetingFactory(body=body, starts_at=_evening(timezone.localdate() + 3 * DAY))
    response = client.post(reverse("executive:call-in-place", args=[call_in.decision_id]), {"meeting": meeting.pk})
    return outcome(response, CallIn.objects.filter(pk=call_in.pk, item__meeting=meeting).exists())


def call_in_outcome(client, person, own=None):
    published = timezone.localdate() - 10 * DAY
    body, call_in = _called_in(published)
    meeting = MeetingFactory(body=body, starts_at=_evening(published + 3 * DAY))
    services.call_in_place(
        call_in=call_in, meeting=meeting, by=UserFactory(roles=["Democratic Services"]), today=published + DAY
    )
    response = client.post(
        reverse("executive:call-in-outcome", args=[call_in.decision_id]),
        {"outcome": "no_further_action", "on": meeting.date.isoformat()},
    )
    return outcome(response, CallIn.objects.filter(pk=call_in.pk, outcome="no_further_action").exists())


CAPABILITIES = {
    "call-in.view": call_in_view,
    "call-in.request": call_in_request,
    "call-in.place": call_in_place,
    "call-in.outcome": call_in_outcome,
}
