"""Permission matrix checks for attendance statistics, a meeting's calendar file and open data
(docs/permissions.md rows ``attendance.*`` and ``open-data.download``)."""

from django.urls import reverse

from members.models import BodyKind
from tests.factories import BodyFactory, MeetingFactory, MemberFactory


def attendance_view(client, person):
    """The council-wide page, a public committee's and a councillor's, and a public meeting's .ics:
    all allowed or all refused."""
    body = BodyFactory(kind=BodyKind.OVERVIEW_SCRUTINY)
    meeting = MeetingFactory(body=body)
    responses = [
        client.get(reverse("scrutiny:attendance-council")),
        client.get(reverse("scrutiny:attendance-body-csv", args=[body.slug])),
        client.get(reverse("scrutiny:attendance-member", args=[MemberFactory().pk])),
        client.get(reverse("scrutiny:meeting-ics", args=[meeting.pk])),
    ]
    assert len({response.status_code for response in responses}) == 1
    return client.get(reverse("scrutiny:attendance-body", args=[body.slug]))


def attendance_view_internal(client, person):
    group = BodyFactory(kind=BodyKind.WORKING_GROUP)
    return client.get(reverse("scrutiny:attendance-body", args=[group.slug]))


def open_data_download(client, person):
    assert client.get(reverse("record:open-data")).status_code == 200
    return client.get(reverse("record:open-data-meetings-json"))


CAPABILITIES = {
    "attendance.view": attendance_view,
    "attendance.view-internal": attendance_view_internal,
    "open-data.download": open_data_download,
}
