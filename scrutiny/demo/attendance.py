"""The demo's registers: the source meeting's attendance with a substitute and the clerk's notes,
and the demo councillor's apologies, sent from My meetings, for the committee's next meeting."""

import contextlib

from django.utils import timezone

from council.errors import RuleError
from council.history import saved_by
from members.models import Body, Membership, MembershipRole

from .. import services
from ..models import Attendance, AttendanceStatus, Meeting, MeetingStatus
from .meetings import SOURCE_MEETING

HELD = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED, MeetingStatus.MINUTES_CONFIRMED)
SENT_APOLOGIES, SUBSTITUTE = "Sandra Okoye", "Jonathan Pike"
NOTES = {"Rachel Gibbs": "Arrived during item 3", "Stephen Hollis": "Left after item 4"}
DEMO_COUNCILLOR = "Alan McLain"  # the Councillor demo sign-in


def load() -> None:
    body = Body.objects.filter(slug=SOURCE_MEETING[0]).first()
    if body is None:
        return
    meetings = Meeting.objects.filter(body=body).order_by("starts_at")
    source = next((m for m in meetings if m.date == SOURCE_MEETING[1] and m.status in HELD), None)
    if source is not None and not source.attendances.exists():
        _source_register(source)
    upcoming = meetings.filter(starts_at__gt=timezone.now()).exclude(status=MeetingStatus.CANCELLED).first()
    seats = Membership.objects.current().filter(body=body).select_related("person")
    councillor = next((s.person for s in seats if s.person.get_full_name() == DEMO_COUNCILLOR), None)
    if upcoming is not None and councillor is not None:
        with contextlib.suppress(RuleError):  # the register is already taken: nothing to show
            services.attendance_send_apologies(meeting=upcoming, by=councillor)


def _source_register(meeting: Meeting) -> None:
    """The register as the clerk read it at the meeting. The minutes may since have been confirmed,
    which closes the register to the service, so the lines are saved directly, each with its history."""
    seats = Membership.objects.current(meeting.date).filter(body=meeting.body).select_related("person")
    people = {seat.person.get_full_name(): seat for seat in seats}
    stood_down = people.get(SENT_APOLOGIES)
    for name, seat in sorted(people.items()):
        line = Attendance(meeting=meeting, person=seat.person, notes=NOTES.get(name, ""))
        if name == SENT_APOLOGIES:
            line.status = AttendanceStatus.APOLOGIES
        elif seat.role != MembershipRole.SUBSTITUTE:
            line.status = AttendanceStatus.PRESENT
        elif name == SUBSTITUTE and stood_down is not None:
            line.status, line.substitute_for = AttendanceStatus.PRESENT, stood_down.person
        else:
            continue
        saved_by(line, None, "Attendance recorded")
