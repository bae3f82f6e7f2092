"""Changes to meetings. Each is one transaction, with the acting person named."""

import datetime

from django.db import transaction
from django.utils import timezone

from council.errors import RuleError
from council.history import with_reason
from members.models import Body

from ..models import Meeting, MeetingStatus


def _moment(day: datetime.date, time: datetime.time | None) -> datetime.datetime | None:
    if time is None:
        return None
    # The council's clock (Europe/London), so a 6pm meeting is 6pm in summer and winter alike.
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _check(*, starts_at, ends_at, venue, remote_link):
    if not venue.strip() and not remote_link.strip():
        raise RuleError("Enter a venue or a link to join remotely", field="venue")
    if ends_at is not None and ends_at <= starts_at:
        raise RuleError("The end time must be after the start time", field="end_time")


@transaction.atomic
def meeting_schedule(
    *,
    body: Body,
    day: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time | None = None,
    venue: str = "",
    remote_link: str = "",
    by,
) -> Meeting:
    starts_at, ends_at = _moment(day, start_time), _moment(day, end_time)
    _check(starts_at=starts_at, ends_at=ends_at, venue=venue, remote_link=remote_link)
    if Meeting.objects.filter(body=body, starts_at=starts_at).exclude(status=MeetingStatus.CANCELLED).exists():
        raise RuleError(f"{body} already has a meeting at that time", field="start_time")
    meeting = Meeting(body=body, starts_at=starts_at, ends_at=ends_at, venue=venue.strip(), remote_link=remote_link)
    with_reason(meeting, "Meeting scheduled", by=by).save()
    return meeting


@transaction.atomic
def meeting_reschedule(
    *,
    meeting: Meeting,
    day: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time | None = None,
    venue: str = "",
    remote_link: str = "",
    by,
) -> Meeting:
    if not meeting.can_be_changed:
        raise RuleError("This meeting has been held or cancelled, so it cannot be changed")
    starts_at, ends_at = _moment(day, start_time), _moment(day, end_time)
    _check(starts_at=starts_at, ends_at=ends_at, venue=venue, remote_link=remote_link)
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.venue, meeting.remote_link = venue.strip(), remote_link
    with_reason(meeting, "Meeting details changed", by=by).save()
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, by) -> Meeting:
    if not meeting.can_be_changed:
        raise RuleError("Only a meeting that has not yet been held can be cancelled")
    if not reason.strip():
        raise RuleError("Enter the reason for cancelling the meeting", field="reason")
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_reason = reason.strip()
    with_reason(meeting, "Meeting cancelled", by=by).save()
    return meeting
