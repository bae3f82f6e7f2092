"""Permission-matrix checks for History pages that follow their object's own rule (issue 11)."""

import datetime

from django.urls import reverse

from council import permissions
from council.roles import Role
from scrutiny import services
from tests.factories import BodyFactory, MeetingFactory, MembershipFactory, UserFactory
from tests.factories.scrutiny import london


def minutes_history(client, person, own=False):
    """A committee's draft minute; "own": a committee the person clerks (Democratic Services) or
    sits on (members)."""
    body = BodyFactory()
    author = UserFactory(roles=[Role.ADMINISTRATOR])
    when = london(2026, 10, 8)
    meeting = MeetingFactory(body=body, starts_at=when)
    item = services.agenda_item_add(meeting=meeting, by=author, title="Strategic Commissioning")
    services.agenda_publish(meeting=meeting, by=author, today=datetime.date(2026, 9, 24))
    services.meeting_mark_held(meeting=meeting, by=author, now=when + datetime.timedelta(hours=3))
    minute = services.minute_write(item=item, text="The report was introduced.", by=author)
    if own and permissions.has_role(person, Role.DEMOCRATIC_SERVICES):
        permissions.grant("members.change_body", person, body)
    elif own:
        MembershipFactory(body=body, person=person)
    return client.get(reverse("history", args=["scrutiny", "minute", minute.pk]))


CAPABILITIES = {"minutes.history": minutes_history}
