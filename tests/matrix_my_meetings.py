"""Permission matrix checks for a councillor's My meetings (docs/permissions.md): "own" apologies are
for a meeting of a body the person sits on; another body's meeting is not found."""

from django.urls import reverse

from members.models import MembershipRole
from scrutiny.models import Attendance, AttendanceStatus
from tests.factories import BodyFactory, MeetingFactory, MembershipFactory
from tests.matrix import outcome


def my_meetings_view(client, person):
    return client.get(reverse("scrutiny:my-meetings"))


def my_meetings_apologies(client, person, own=None):
    """Send one's own apologies for a meeting to come."""
    body = BodyFactory()
    if own and person is not None:
        MembershipFactory(body=body, person=person, role=MembershipRole.MEMBER)
    meeting = MeetingFactory(body=body)
    response = client.post(reverse("scrutiny:my-apologies", args=[meeting.pk]))
    sent = Attendance.objects.filter(meeting=meeting, status=AttendanceStatus.APOLOGIES).exists()
    return outcome(response, sent)


CAPABILITIES = {"my-meetings.view": my_meetings_view, "my-meetings.apologies": my_meetings_apologies}
