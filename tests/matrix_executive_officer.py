"""Permission matrix checks for officer decisions (docs/permissions.md; executive/access.py)."""

import datetime

from django.urls import reverse

from executive import services
from executive.models import OfficerDecision
from tests.factories import OfficerFactory, UserFactory
from tests.matrix import outcome

D = datetime.date


def _record(*, published: bool):
    clerk = UserFactory(roles=["Democratic Services"])
    decision = services.officer_decision_record(
        by=clerk,
        officer=OfficerFactory(),
        title="Award of the gritting contract",
        ground="contract",
        authority="Delegation H4",
        decided_on=D(2026, 11, 20),
        decision="To award it to Northbridge Highways Ltd.",
        reasons="The most economically advantageous tender.",
    )
    if published:
        decision = services.officer_decision_publish(decision=decision, by=clerk, on=D(2026, 11, 23))
    return decision


def view(client, person, own=None):
    decision = _record(published=True)
    assert client.get(reverse("executive:officer-decision-list")).status_code == 200
    return client.get(decision.get_absolute_url())


def view_unpublished(client, person, own=None):
    return client.get(_record(published=False).get_absolute_url())


def record(client, person, own=None):
    """ "own": a decision the person took themselves, with an officer record of their own; without
    one, nothing of theirs can be recorded. Democratic Services choose any officer."""
    from members.models import Officer

    if own is False and person is not None:  # they have left: their officer record is retired
        Officer.objects.filter(user=person).update(retired_on=D(2026, 1, 31))
    officer = OfficerFactory(user=person) if own and person is not None else OfficerFactory()
    data = {
        "officer": officer.pk,
        "title": "Grant to the food bank",
        "ground": "expenditure",
        "authority": "Delegation P2",
        "decided_on": "2026-11-30",
        "decision": "To grant £20,000.",
        "reasons": "Hardship in the ward.",
    }
    response = client.post(reverse("executive:officer-decision-add"), data)
    return outcome(response, OfficerDecision.objects.filter(title="Grant to the food bank", officer=officer).exists())


def publish(client, person, own=None):
    decision = _record(published=False)
    response = client.post(
        reverse("executive:officer-decision-publish", args=[decision.pk]), {"published_on": "2026-11-24"}
    )
    decision.refresh_from_db()
    return outcome(response, decision.published_on == D(2026, 11, 24))


CAPABILITIES = {
    "officer-decisions.view": view,
    "officer-decisions.view-unpublished": view_unpublished,
    "officer-decisions.record": record,
    "officer-decisions.publish": publish,
}
