"""Permission matrix checks for Cabinet Member decision sessions (docs/permissions.md, `decisions.session`)."""

from django.urls import reverse

from executive.models import DecisionSession
from tests.factories import CabinetFactory, MeetingFactory
from tests.factories.executive import CabinetMemberDecisionMakerFactory
from tests.matrix import outcome


def decisions_session(client, person, own=None):
    meeting = MeetingFactory(body=CabinetFactory().body)
    maker = CabinetMemberDecisionMakerFactory()
    response = client.post(reverse("executive:decision-session-mark", args=[meeting.pk]), {"decision_maker": maker.pk})
    return outcome(response, DecisionSession.objects.filter(meeting=meeting, decision_maker=maker).exists())


CAPABILITIES = {"decisions.session": decisions_session}
