"""Permission matrix checks for votes on resolutions (docs/permissions.md): recording the vote on a
resolution, a show of hands or a recorded vote by name, is writing the minutes (the body's clerks).

"own": a committee the person clerks (``own=True``), or another committee (``own=False``).
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from council import permissions
from scrutiny import services
from scrutiny.models import Vote
from tests.factories import BodyFactory, MeetingFactory, MemberFactory, MembershipFactory, UserFactory
from tests.matrix import outcome


def _resolution(person=None, own=None):
    """A resolution of a held meeting, with two members present in person."""
    body = BodyFactory()
    if own and person is not None:
        permissions.grant("members.change_body", person, body)
    clerk = UserFactory()
    members = [MemberFactory().user for _ in range(2)]
    for member in members:
        MembershipFactory(body=body, person=member, start_date=datetime.date(2024, 5, 1))
    meeting = MeetingFactory(body=body, starts_at=timezone.now() - datetime.timedelta(days=1))
    item = services.agenda_item_add(meeting=meeting, by=clerk, title="Leisure contract award")
    services.agenda_publish(meeting=meeting, by=clerk, today=meeting.date - datetime.timedelta(days=14))
    services.meeting_mark_held(meeting=meeting, by=clerk)
    services.attendance_record(meeting=meeting, entries=[(m, "present", None, "") for m in members], by=clerk)
    minute = services.minute_write(item=item, text="The award was considered.", by=clerk)
    return services.resolution_add(minute=minute, text="Resolved that the contract be awarded.", by=clerk)


def votes_record(client, person, own=None):
    resolution = _resolution(person, own)
    url = reverse("scrutiny:vote-record", args=[resolution.minute.item.meeting_id, resolution.pk])
    response = client.post(url, {"result": "carried", "votes_for": "2", "votes_against": "0", "abstentions": "0"})
    return outcome(response, Vote.objects.filter(resolution=resolution).exists())


CAPABILITIES = {"votes.record": votes_record}
