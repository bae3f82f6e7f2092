"""Permission matrix check for the summons sent page (docs/permissions.md): "own" is a committee the
person clerks."""

from django.urls import reverse

from council import permissions
from scrutiny import services
from scrutiny.models import Summons, SummonsStatus
from tests.factories import BodyFactory, MeetingFactory, MembershipFactory, UserFactory
from tests.matrix import outcome


def summons_view(client, person, own=None):
    body = BodyFactory()
    if own and person is not None:
        permissions.grant("members.change_body", person, body)
    meeting = MeetingFactory(body=body)
    return client.get(reverse("scrutiny:summons-list", args=[meeting.pk]))


def summons_resend(client, person, own=None):
    """Send again a summons the mail server refused (marked not delivered here)."""
    body = BodyFactory()
    if own and person is not None:
        permissions.grant("members.change_body", person, body)
    MembershipFactory(body=body)
    meeting = MeetingFactory(body=body)
    clerk = UserFactory()
    services.agenda_item_add(meeting=meeting, by=clerk, title="Strategic Commissioning")
    publication = services.agenda_publish(meeting=meeting, by=clerk)  # on_commit not run: queued
    summons = Summons.objects.get(publication=publication)
    Summons.objects.filter(pk=summons.pk).update(status=SummonsStatus.FAILED, error="Bounced")
    response = client.post(reverse("scrutiny:summons-resend", args=[meeting.pk, summons.pk]))
    return outcome(response, Summons.objects.filter(pk=summons.pk, status=SummonsStatus.QUEUED).exists())


CAPABILITIES = {"summons.view": summons_view, "summons.resend": summons_resend}
