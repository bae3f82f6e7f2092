"""Permission matrix checks for urgency agreements asked online (docs/permissions.md, `urgency.*`)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from executive import services
from executive.models import UrgencyPurpose, UrgencyRequest
from members.models import BodyKind, MembershipRole
from tests.factories import BodyFactory, MembershipFactory, UserFactory
from tests.factories.executive import CabinetMemberDecisionMakerFactory
from tests.matrix import outcome


def _chair(person=None):
    """``person`` (or a new councillor) made chair of an O&S committee."""
    person = person or UserFactory(roles=["Councillor"])
    MembershipFactory(person=person, body=BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY), role=MembershipRole.CHAIR)
    return person


def _request(asked_of):
    return services.urgency_request_ask(
        by=UserFactory(roles=["Democratic Services"]),
        asked_of=asked_of,
        purpose=UrgencyPurpose.SPECIAL_URGENCY,
        matter="Temporary accommodation contract extension",
        decision_maker=CabinetMemberDecisionMakerFactory(),
        intended_on=timezone.localdate() + datetime.timedelta(days=3),
        reasons="The contract expires first.",
    )


def _asked(person, own):
    """own: asked of ``person`` (made an O&S chair); otherwise of another chair."""
    return _request(_chair(person) if own else _chair())


def urgency_ask(client, person, own=None):
    chair = _chair()
    response = client.post(
        reverse("executive:urgency-request-ask"),
        {
            "purpose": "special_urgency",
            "matter": "Temporary accommodation contract extension",
            "decision_maker": CabinetMemberDecisionMakerFactory().pk,
            "intended_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "reasons": "The contract expires first.",
            "asked_of": chair.pk,
        },
    )
    return outcome(response, UrgencyRequest.objects.filter(asked_of=chair).exists())


def urgency_answer(client, person, own=None):
    request = _asked(person, own)
    response = client.post(
        reverse("executive:urgency-request-answer", args=[request.pk]), {"agree": "yes", "reasons": "It is urgent."}
    )
    return outcome(response, UrgencyRequest.objects.filter(pk=request.pk, answer="agreed").exists())


def urgency_view(client, person, own=None):
    return client.get(_asked(person, own).get_absolute_url())


CAPABILITIES = {
    "urgency.ask": urgency_ask,
    "urgency.answer": urgency_answer,
    "urgency.view": urgency_view,
}
