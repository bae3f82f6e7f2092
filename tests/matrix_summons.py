"""Permission matrix check for the summons sent page (docs/permissions.md): "own" is a committee the
person clerks."""

from django.urls import reverse

from council import permissions
from tests.factories import BodyFactory, MeetingFactory


def summons_view(client, person, own=None):
    body = BodyFactory()
    if own and person is not None:
        permissions.grant("members.change_body", person, body)
    meeting = MeetingFactory(body=body)
    return client.get(reverse("scrutiny:summons-list", args=[meeting.pk]))


CAPABILITIES = {"summons.view": summons_view}
