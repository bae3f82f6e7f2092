"""Changes to meetings. Each is one transaction, with the acting person named."""

import datetime
from typing import overload

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone

from council import calendar
from council.errors import RuleError
from council.history import saved_by, with_reason
from members.models import Body, BodyKind

from .. import publication_checks
from ..models import Meeting, MeetingDateChange, MeetingStatus
from .agenda import check_chair_agreed
from .cancelled import check_not_cancelled


@overload
def _moment(day: datetime.date, time: datetime.time) -> datetime.datetime: ...
@overload
def _moment(day: datetime.date, time: datetime.time | None) -> datetime.datetime | None: ...
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
    budget_meeting: bool = False,
    by,
) -> Meeting:
    """``budget_meeting``: the meeting of Council that sets the budget and council tax, where every
    vote is a recorded vote."""
    starts_at, ends_at = _moment(day, start_time), _moment(day, end_time)
    _check(starts_at=starts_at, ends_at=ends_at, venue=venue, remote_link=remote_link)
    if budget_meeting and body.kind != BodyKind.COUNCIL:
        raise RuleError(
            f"The budget is set by full Council, so a meeting of {body} cannot be the budget meeting",
            field="budget_meeting",
        )
    if Meeting.objects.filter(body=body, starts_at=starts_at).exclude(status=MeetingStatus.CANCELLED).exists():
        raise RuleError(f"{body} already has a meeting at that time", field="start_time")
    meeting = Meeting(
        body=body,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue.strip(),
        remote_link=remote_link,
        budget_meeting=budget_meeting,
    )
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
    urgent_reason: str = "",
    urgency_agreed_by=None,
    urgency_agreed_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Meeting:
    """Change when or where a meeting is. Moving a published meeting to another day re-checks the
    notice each publication now gives (LGA 1972 s.100B): if the move makes it short, the change is
    refused unless it is urgent and the Chair agreed; either way the notice is recorded."""
    meeting = Meeting.objects.select_related("body").select_for_update().get(pk=meeting.pk)
    check_not_cancelled(meeting, "it cannot be changed")
    if not meeting.can_be_changed:
        raise RuleError("This meeting has been held, so it cannot be changed")
    starts_at, ends_at = _moment(day, start_time), _moment(day, end_time)
    _check(starts_at=starts_at, ends_at=ends_at, venue=venue, remote_link=remote_link)
    moved_from = meeting.date
    if meeting.status == MeetingStatus.AGENDA_PUBLISHED and day != moved_from:
        _record_date_change(
            meeting=meeting,
            day=day,
            by=by,
            urgent_reason=urgent_reason.strip(),
            chair=urgency_agreed_by,
            agreed_on=urgency_agreed_on,
            today=today or timezone.localdate(),
        )
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    if meeting.status == MeetingStatus.AGENDA_PUBLISHED and day != moved_from:
        # What a higher app checks when the agenda is published holds on the new day too (e.g. the
        # executive's reg 5 notices of a private item, counted back from the meeting).
        publication_checks.run(
            meeting=meeting, items=meeting.items.filter(published_in__isnull=False), today=today or timezone.localdate()
        )
    meeting.venue, meeting.remote_link = venue.strip(), remote_link
    with_reason(meeting, "Meeting details changed", by=by).save()
    return meeting


def _record_date_change(*, meeting: Meeting, day, by, urgent_reason: str, chair, agreed_on, today):
    if day < today:
        raise RuleError("A published meeting cannot be moved to a day that has passed", field="day")
    required = settings.PUBLICATION_CLEAR_DAYS
    notice, short = [], []
    for publication in meeting.publications.order_by("version"):
        published_on = timezone.localtime(publication.published_at).date()
        before = calendar.clear_working_days(published_on, meeting.date)
        after = calendar.clear_working_days(published_on, day)
        notice.append(
            {
                "kind": publication.kind,
                "version": publication.version,
                "published_on": published_on.isoformat(),
                "clear_working_days": after,
                "before": before,
            }
        )
        # Short because of this move: a publication already late was urgent business in its own right.
        if after < required and after < before:
            short.append((publication, after))
    if short and not urgent_reason:
        what = "; ".join(
            f"the {publication.name.lower()} published on "
            f"{formats.date_format(publication.published_at, 'j F Y')} would give {after} clear working "
            f"day{'' if after == 1 else 's'}"
            for publication, after in short
        )
        raise RuleError(
            f"The agenda must be open to the public at least {required} clear working days before the meeting. "
            f"On {formats.date_format(day, 'l j F Y')} {what}. Choose another date, or enter why the change is "
            "urgent and the Chair's agreement",
            field="urgent_reason",
        )
    if short:
        check_chair_agreed(meeting=meeting, chair=chair, agreed_on=agreed_on, today=today)
    else:
        urgent_reason, chair, agreed_on = "", None, None
    saved_by(
        MeetingDateChange(
            meeting=meeting,
            from_date=meeting.date,
            to_date=day,
            changed_by=by,
            changed_at=timezone.now(),
            notice=notice,
            urgent_reason=urgent_reason,
            urgency_agreed_by=chair,
            urgency_agreed_on=agreed_on,
        ),
        by,
        "Published meeting moved" + (" as urgent business" if short else ""),
    )


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, by) -> Meeting:
    """Cancel a meeting not yet held, with the reason; when, for the notice the public page keeps.
    From then on its agenda, papers and attendance stay as they are (``check_not_cancelled``)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    check_not_cancelled(meeting, "it cannot be cancelled again")
    if not meeting.can_be_changed:
        raise RuleError("Only a meeting that has not yet been held can be cancelled")
    if not reason.strip():
        raise RuleError("Enter the reason for cancelling the meeting", field="reason")
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_reason = reason.strip()
    meeting.cancelled_at = timezone.now()
    with_reason(meeting, "Meeting cancelled", by=by).save()
    return meeting
