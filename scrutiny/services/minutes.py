"""The record of a meeting: minutes, resolutions, actions, recommendations and the work programme.

Minutes are signed as a correct record at the next meeting of the same body; after that they
are final and change only by a recorded correction that names the resolution authorising it.
Recommendations to the executive must be answered within two months (Local Government Act 2000
s.9FE). A resolution to bring something back to a committee puts it on that committee's work
programme, where it stays until it has been taken at a meeting.
"""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone

from council.errors import RuleError
from council.history import saved_by
from members.models import Body

from ..models import (
    Action,
    ActionStatus,
    AgendaItem,
    Implementation,
    ItemKind,
    Meeting,
    MeetingStatus,
    Minute,
    MinuteCorrection,
    MinutesConfirmation,
    Recommendation,
    RecommendationResponse,
    Resolution,
    WorkProgrammeEntry,
    WorkProgrammeSource,
    WorkProgrammeStatus,
    exclusion_paragraphs,
    exclusion_wording,
)
from ..selectors.minute_numbers import minute_range
from ..selectors.minutes import blank_items
from .minute_numbers import minute_numbers_assign

#: The minute of an item the meeting took without discussion.
NOTED = "Noted."

_HELD = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED, MeetingStatus.MINUTES_CONFIRMED)


def _day(meeting: Meeting) -> str:
    return formats.date_format(meeting.date, "j F Y")


def _check_minutes_open(meeting: Meeting):
    """Minutes are written after the meeting is held and until they are confirmed."""
    if meeting.status == MeetingStatus.MINUTES_CONFIRMED:
        confirmation = (
            MinutesConfirmation.objects.select_related("confirmed_at_meeting").filter(meeting=meeting).first()
        )
        on = f" on {_day(confirmation.confirmed_at_meeting)}" if confirmation else ""
        raise RuleError(
            f"The minutes were confirmed as a correct record{on} and cannot be changed. "
            "Record a correction with the resolution that authorises it"
        )
    if meeting.status not in (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED):
        raise RuleError("Minutes can only be written once the meeting has been marked as held")


def _locked_meeting(pk) -> Meeting:
    return Meeting.objects.select_related("body").select_for_update().get(pk=pk)


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, by, now: datetime.datetime | None = None) -> Meeting:
    """Record that the meeting took place, which opens its minutes."""
    meeting = _locked_meeting(meeting.pk)
    now = now or timezone.now()
    if meeting.status in _HELD:
        raise RuleError("The meeting has already been marked as held")
    if meeting.status != MeetingStatus.AGENDA_PUBLISHED:
        raise RuleError("Only a meeting whose agenda has been published can be marked as held")
    if now < meeting.starts_at:
        raise RuleError("The meeting has not started yet, so it cannot be marked as held")
    meeting.status = MeetingStatus.HELD
    saved_by(meeting, by, "Meeting held")
    minute_numbers_assign(meeting=meeting, by=by)
    _minute_exclusions(meeting, by)
    return meeting


def _minute_exclusions(meeting: Meeting, by) -> None:
    """The resolution to exclude the press and public (LGA 1972 s.100A(4)) is minuted before the
    exempt business it excludes them from, citing the paragraphs of Schedule 12A those items rely
    on; the clerk may add to it (who moved it) like any other minute."""
    items = list(AgendaItem.objects.filter(meeting=meeting, published_in__isnull=False).order_by("position"))
    minuted = set(Minute.objects.filter(item__in=items).values_list("item_id", flat=True))
    for pk, paragraphs in exclusion_paragraphs(items).items():
        if pk not in minuted:
            item = next(item for item in items if item.pk == pk)
            saved_by(
                Minute(item=item, text=exclusion_wording(paragraphs, resolved=True)), by, "Exclusion resolution minuted"
            )


@transaction.atomic
def minute_write(*, item: AgendaItem, text: str, by, public_summary: str = "") -> Minute:
    """Write or rewrite the draft minute of an item; the meeting's minutes become a draft. An exempt
    item's minute may carry a fair summary for the public (LGA 1972 s.100C(2)); others need none."""
    meeting = _locked_meeting(item.meeting_id)
    _check_minutes_open(meeting)
    if not AgendaItem.objects.filter(pk=item.pk, published_in__isnull=False).exists():
        # LGA 1972 s.100B(4): business not open to the public beforehand cannot be considered.
        raise RuleError(
            f"“{item.title}” was never published in the agenda or a supplement, so it could not be considered "
            "at the meeting and cannot be minuted",
            field="text",
        )
    text = text.strip()
    if not text:
        raise RuleError("Enter the minute", field="text")
    public_summary = public_summary.strip() if item.exempt else ""
    minute = Minute.objects.filter(item=item).first()
    if minute is None:
        minute = saved_by(Minute(item=item, text=text, public_summary=public_summary), by, "Minute written")
    elif (minute.text, minute.public_summary) != (text, public_summary):
        minute.text, minute.public_summary = text, public_summary
        saved_by(minute, by, "Minute changed")
    if meeting.status == MeetingStatus.HELD:
        meeting.status = MeetingStatus.MINUTES_DRAFTED
        saved_by(meeting, by, "Minutes drafted")
    return minute


@transaction.atomic
def minute_noted(*, item: AgendaItem, by) -> Minute:
    """Minute an item the meeting took without discussion as "Noted."."""
    return minute_write(item=item, text=NOTED, by=by)


def _blank_items_message(blank: list[AgendaItem]) -> str:
    names = [
        f"{item.minute_number.label} {item.title}" if hasattr(item, "minute_number") else item.title for item in blank
    ]
    listed = "; ".join(names)
    if len(blank) == 1:
        return f"{listed} has no minute. Write its minute, or record it as noted, before confirming the minutes"
    return (
        f"{len(blank)} items have no minute: {listed}. Write their minutes, or record them as noted, "
        "before confirming the minutes"
    )


@transaction.atomic
def resolution_add(*, minute: Minute, text: str, by) -> Resolution:
    _check_minutes_open(_locked_meeting(minute.item.meeting_id))
    text = text.strip()
    if not text:
        raise RuleError("Enter the resolution", field="text")
    last = minute.resolutions.aggregate(last=Max("position"))["last"] or 0
    return saved_by(Resolution(minute=minute, position=last + 1, text=text), by, "Resolution recorded")


@transaction.atomic
def action_add(
    *,
    resolution: Resolution,
    description: str,
    owner=None,
    owner_text: str = "",
    due_date: datetime.date | None = None,
    when_available: bool = False,
    bring_back_to: Body | None = None,
    by,
) -> Action:
    """An action from a resolution. "Brought back to this committee" also puts it on that
    committee's work programme, in the same transaction."""
    _check_minutes_open(_locked_meeting(resolution.minute.item.meeting_id))
    description, owner_text = description.strip(), owner_text.strip()
    if not description:
        raise RuleError("Enter what is to be done", field="description")
    if owner is None and not owner_text:
        raise RuleError("Select who will do it, or enter who will (for example, Cabinet)", field="owner")
    if due_date is None and not when_available:
        raise RuleError("Enter the date it is due, or say it is due as soon as it is available", field="due_date")
    action = saved_by(
        Action(
            resolution=resolution,
            description=description,
            owner=owner,
            owner_text="" if owner is not None else owner_text,
            due_date=due_date,
            when_available=when_available,
            bring_back_to=bring_back_to,
        ),
        by,
        "Action recorded",
    )
    if bring_back_to is not None:
        saved_by(
            WorkProgrammeEntry(
                body=bring_back_to,
                title=description,
                source=WorkProgrammeSource.ACTION,
                action=action,
                notes=f"Resolution of {resolution.minute.item.meeting}: {resolution.text}",
            ),
            by,
            "Brought back by a resolution",
        )
    return action


@transaction.atomic
def action_complete(*, action: Action, by, today: datetime.date | None = None) -> Action:
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status != ActionStatus.OPEN:
        raise RuleError(f"This action is already {action.get_status_display().lower()}")
    action.status = ActionStatus.DONE
    action.completed_on = today or timezone.localdate()
    return saved_by(action, by, "Action done")


@transaction.atomic
def recommendation_add(
    *, resolution: Resolution, text: str, to_whom: str, made_on: datetime.date, by
) -> Recommendation:
    """A recommendation to the executive. Its two months (LGA 2000 s.9FE) start when the executive
    receives it, which ``recommendation_received`` records."""
    meeting = _locked_meeting(resolution.minute.item.meeting_id)
    _check_minutes_open(meeting)
    text, to_whom = text.strip(), to_whom.strip()
    if not text:
        raise RuleError("Enter the recommendation", field="text")
    if not to_whom:
        raise RuleError("Enter who the recommendation is made to, for example Cabinet", field="to_whom")
    if made_on < meeting.date:
        raise RuleError(f"A recommendation of this meeting is made on or after {_day(meeting)}", field="made_on")
    return saved_by(
        Recommendation(resolution=resolution, text=text, to_whom=to_whom, made_on=made_on),
        by,
        "Recommendation made",
    )


@transaction.atomic
def recommendation_respond(
    *,
    recommendation: Recommendation,
    response: str,
    response_text: str,
    responded_on: datetime.date,
    implementation: str = Implementation.NOT_STARTED,
    published_on: datetime.date | None = None,
    by,
) -> Recommendation:
    """Record the executive's response, when it was published (s.9FE: the executive publishes its
    response), and later how far it has been implemented."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if response not in RecommendationResponse.values or response == RecommendationResponse.NONE_YET:
        raise RuleError("Select whether the recommendation was accepted, partly accepted or rejected", field="response")
    response_text = response_text.strip()
    if not response_text:
        raise RuleError("Enter the executive's response", field="response_text")
    if responded_on < recommendation.made_on:
        made = formats.date_format(recommendation.made_on, "j F Y")
        raise RuleError(
            f"The response cannot be dated before the recommendation was made on {made}", field="responded_on"
        )
    if published_on is not None and published_on < responded_on:
        raise RuleError("The response cannot be published before it was given", field="published_on")
    recommendation.response = response
    recommendation.response_published_on = published_on
    recommendation.response_text = response_text
    recommendation.responded_on = responded_on
    recommendation.implementation = implementation
    return saved_by(recommendation, by, "Response recorded")


@transaction.atomic
def minutes_confirm(*, meeting: Meeting, confirmed_at_meeting: Meeting, by) -> MinutesConfirmation:
    """Sign the minutes as a correct record at the next meeting of the same body, once that is held."""
    meeting = _locked_meeting(meeting.pk)
    if meeting.status == MeetingStatus.MINUTES_CONFIRMED:
        _check_minutes_open(meeting)
    if meeting.status != MeetingStatus.MINUTES_DRAFTED:
        raise RuleError("Write the minutes before they can be confirmed")
    blank = blank_items(meeting)
    if blank:
        raise RuleError(_blank_items_message(blank))
    later = Meeting.objects.get(pk=confirmed_at_meeting.pk)
    if later.body_id != meeting.body_id:
        raise RuleError(
            f"Minutes are confirmed at a meeting of {meeting.body}, not another committee",
            field="confirmed_at_meeting",
        )
    if later.starts_at <= meeting.starts_at:
        raise RuleError("Minutes are confirmed at a later meeting", field="confirmed_at_meeting")
    if later.status not in _HELD:
        raise RuleError(
            f"The meeting on {_day(later)} has not been marked as held, so it cannot have confirmed the minutes",
            field="confirmed_at_meeting",
        )
    between = (
        Meeting.objects.filter(body=meeting.body, starts_at__gt=meeting.starts_at, starts_at__lt=later.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
        .first()
    )
    if between is not None:
        raise RuleError(
            f"Minutes are confirmed at the next meeting of {meeting.body}, which was on {_day(between)}",
            field="confirmed_at_meeting",
        )
    confirmation = saved_by(
        MinutesConfirmation(meeting=meeting, confirmed_at_meeting=later, confirmed_by=by, confirmed_at=timezone.now()),
        by,
        "Minutes confirmed as a correct record",
    )
    meeting.status = MeetingStatus.MINUTES_CONFIRMED
    saved_by(meeting, by, "Minutes confirmed as a correct record")
    _minute_confirmation(meeting, later, by)
    return confirmation


def confirmation_wording(meeting: Meeting, numbers: str) -> str:
    """The confirming meeting's resolution, naming the minutes it confirmed."""
    which = f" (minutes {numbers})" if numbers else ""
    return (
        f"Resolved that the minutes of the meeting held on {_day(meeting)}{which} be confirmed as a correct "
        "record and signed by the Chair."
    )


def _minute_confirmation(meeting: Meeting, later: Meeting, by) -> None:
    """The confirming meeting's minute of its "Minutes of the previous meeting" item names the
    minutes it confirmed: written if there is none yet, added to the clerk's own if there is. Once
    that meeting's own minutes are confirmed they are final, so nothing is added."""
    if later.status not in (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED):
        return
    item = (
        AgendaItem.objects.filter(meeting=later, kind=ItemKind.MINUTES, published_in__isnull=False)
        .order_by("position")
        .first()
    )
    if item is None:
        return
    wording = confirmation_wording(meeting, minute_range(meeting))
    minute = Minute.objects.select_for_update().filter(item=item).first()
    if minute is None:
        saved_by(Minute(item=item, text=wording), by, "Confirmation of the previous minutes minuted")
    elif wording not in minute.text:
        minute.text = f"{minute.text}\n\n{wording}" if minute.text.strip() != NOTED else wording
        saved_by(minute, by, "Confirmation of the previous minutes minuted")
    if later.status == MeetingStatus.HELD:
        later.status = MeetingStatus.MINUTES_DRAFTED
        saved_by(later, by, "Minutes drafted")


@transaction.atomic
def minute_correct(*, minute: Minute, new_text: str, authority: str, by) -> MinuteCorrection:
    """Correct a confirmed minute on the authority of a later resolution; the change is recorded."""
    minute = Minute.objects.select_for_update(of=("self",)).select_related("item__meeting").get(pk=minute.pk)
    if minute.item.meeting.status != MeetingStatus.MINUTES_CONFIRMED:
        raise RuleError("These minutes are still a draft: change the minute itself instead of recording a correction")
    new_text, authority = new_text.strip(), authority.strip()
    if not authority:
        raise RuleError(
            "Enter the resolution that authorises the correction, for example Minute 5 of 14 January 2027",
            field="authority",
        )
    if not new_text:
        raise RuleError("Enter the corrected minute", field="new_text")
    if new_text == minute.text:
        raise RuleError("The corrected minute is the same as the confirmed one", field="new_text")
    correction = saved_by(
        MinuteCorrection(
            minute=minute,
            authority=authority,
            old_text=minute.text,
            new_text=new_text,
            corrected_by=by,
            corrected_at=timezone.now(),
        ),
        by,
        f"Correction authorised by {authority}",
    )
    minute.text = new_text
    saved_by(minute, by, f"Corrected on the authority of {authority}")
    return correction


@transaction.atomic
def work_programme_add(*, body: Body, title: str, source: str, notes: str = "", by) -> WorkProgrammeEntry:
    title = title.strip()
    if not title:
        raise RuleError("Enter the subject", field="title")
    if source not in WorkProgrammeSource.values:
        raise RuleError("Select where the subject comes from", field="source")
    entry = WorkProgrammeEntry(body=body, title=title, source=source, notes=notes.strip())
    return saved_by(entry, by, "Added to the work programme")


@transaction.atomic
def work_programme_schedule(
    *, entry: WorkProgrammeEntry, meeting: Meeting, by, now: datetime.datetime | None = None
) -> WorkProgrammeEntry:
    """Plan the subject for a future meeting of the same committee."""
    entry = WorkProgrammeEntry.objects.select_for_update(of=("self",)).select_related("body").get(pk=entry.pk)
    now = now or timezone.now()
    if entry.status in (WorkProgrammeStatus.DONE, WorkProgrammeStatus.WITHDRAWN):
        raise RuleError(f"This subject is {entry.get_status_display().lower()}, so it cannot be scheduled")
    if meeting.body_id != entry.body_id:
        raise RuleError(f"Choose a meeting of {entry.body}", field="meeting")
    if meeting.is_cancelled or meeting.starts_at <= now:
        raise RuleError(f"Choose a future meeting of {entry.body}", field="meeting")
    entry.target_meeting = meeting
    entry.status = WorkProgrammeStatus.SCHEDULED
    return saved_by(entry, by, f"Scheduled for {_day(meeting)}")


@transaction.atomic
def work_programme_done(*, entry: WorkProgrammeEntry, by, today: datetime.date | None = None) -> WorkProgrammeEntry:
    """The subject was taken at its meeting: it leaves the programme, and a bring-back action is done."""
    entry = WorkProgrammeEntry.objects.select_for_update(of=("self",)).select_related("target_meeting").get(pk=entry.pk)
    if entry.status != WorkProgrammeStatus.SCHEDULED:
        raise RuleError("Schedule the subject for a meeting before marking it as done")
    meeting = entry.target_meeting
    assert meeting is not None  # a scheduled subject always has its meeting
    if meeting.status not in _HELD:
        raise RuleError(f"The meeting on {_day(meeting)} has not been held yet")
    entry.status = WorkProgrammeStatus.DONE
    saved_by(entry, by, "Taken at the meeting")
    if entry.action is not None and entry.action.status == ActionStatus.OPEN:
        action_complete(action=entry.action, by=by, today=today)
    return entry
