"""The Commissioning Work Plan: versions, their approval trail, and bringing a version back to O&S.

Cabinet develops the work plan with officers; it is incorporated in the Corporate Strategy and
agreed by Council (the source minutes). A version moves draft → approved by Cabinet →
incorporated in the Corporate Strategy → agreed by Council, one step at a time, each step
recorded. Only a draft changes; to change an agreed plan, officers make a new version.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone

from council.errors import RuleError
from council.history import saved_by, with_reason
from executive.models import DecisionMaker, DecisionMakerKind
from executive.services import decision_record
from members.models import SCRUTINY_BODY_KINDS, Body, BodyKind
from scrutiny.models import Meeting, WorkProgrammeEntry, WorkProgrammeSource
from scrutiny.services import work_programme_add

from ..models import (
    STATE_ORDER,
    Review,
    WorkPlanBringBack,
    WorkPlanEntry,
    WorkPlanState,
    WorkPlanTransition,
    WorkPlanVersion,
)
from ..models.workplan import state_phrase
from ..selectors.workplan import DECIDING_BODIES, schedule_order


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def _locked(version: WorkPlanVersion) -> WorkPlanVersion:
    return WorkPlanVersion.objects.select_for_update().get(pk=version.pk)


def _locked_draft(version: WorkPlanVersion) -> WorkPlanVersion:
    version = _locked(version)
    if version.is_frozen:
        raise RuleError(
            f"Version {version.number} is {version.state_phrase}, so it can no longer change. "
            "To change the work plan, make a new version"
        )
    return version


def _check_dates(starts_on: datetime.date, ends_on: datetime.date) -> None:
    if ends_on < starts_on:
        raise RuleError("The end must be the same as or after the start", field="ends_on")


@transaction.atomic
def workplan_create(*, by, copy_latest: bool = False, notes: str = "", today: datetime.date | None = None):
    """A new draft version: a copy of the latest version (based on it), or the current schedule
    of open reviews in priority order."""
    latest = WorkPlanVersion.objects.select_for_update().order_by("-number").first()
    if copy_latest and latest is None:
        raise RuleError("There is no version to copy yet: start from the schedule of reviews", field="start_from")
    number = (latest.number if latest else 0) + 1
    version = WorkPlanVersion(
        number=number, prepared_by=by, notes=notes.strip(), based_on=latest if copy_latest else None
    )
    try:
        with transaction.atomic():
            origin = (
                f" from version {latest.number}"
                if copy_latest and latest is not None
                else " from the schedule of reviews"
            )
            saved_by(version, by, f"Version {number} drafted{origin}")
    except IntegrityError:
        raise RuleError("Someone else made a new version at the same moment: please try again") from None
    if copy_latest and latest is not None:
        rows = [
            (e.review, e.starts_on, e.ends_on, e.note)
            for e in latest.entries.select_related("review").order_by("position")
        ]
    else:
        rows = [(review, start, end, "") for review, start, end in schedule_order(today=today)]
    for position, (review, starts_on, ends_on, note) in enumerate(rows, start=1):
        entry = WorkPlanEntry(
            version=version, review=review, position=position, starts_on=starts_on, ends_on=ends_on, note=note
        )
        saved_by(entry, by, "In the new version")
    return version


@transaction.atomic
def workplan_entry_add(
    *, version: WorkPlanVersion, review: Review, starts_on: datetime.date, ends_on: datetime.date, by
) -> WorkPlanEntry:
    """Add a review at the end of a draft."""
    version = _locked_draft(version)
    if version.entries.filter(review=review).exists():
        raise RuleError(f"“{review}” is already in version {version.number}", field="review")
    _check_dates(starts_on, ends_on)
    last = version.entries.aggregate(last=Max("position"))["last"] or 0
    entry = WorkPlanEntry(version=version, review=review, position=last + 1, starts_on=starts_on, ends_on=ends_on)
    return saved_by(entry, by, "Review added to the work plan")


@transaction.atomic
def workplan_entry_remove(*, entry: WorkPlanEntry, by) -> None:
    """Take a review out of a draft; those after it move up one place."""
    version = _locked_draft(entry.version)
    entry = WorkPlanEntry.objects.get(pk=entry.pk, version=version)
    position = entry.position
    with_reason(entry, "Review removed from the work plan", by=by).delete()
    for later in version.entries.filter(position__gt=position).order_by("position"):
        later.position -= 1
        saved_by(later, by, "Moved up: a review above it was removed")


@transaction.atomic
def workplan_entry_move(*, entry: WorkPlanEntry, direction: str, by) -> WorkPlanEntry:
    """Swap a review with its neighbour above ("up") or below ("down") in a draft."""
    version = _locked_draft(entry.version)
    entry = WorkPlanEntry.objects.select_related("review").get(pk=entry.pk, version=version)
    if direction not in ("up", "down"):
        raise RuleError("Choose whether to move the review up or down")
    neighbours = version.entries.exclude(pk=entry.pk)
    if direction == "up":
        other = neighbours.filter(position__lt=entry.position).order_by("-position").first()
    else:
        other = neighbours.filter(position__gt=entry.position).order_by("position").first()
    if other is None:
        raise RuleError(f"“{entry.review}” is already {'first' if direction == 'up' else 'last'}")
    mine, theirs = entry.position, other.position
    # Each position holds one review at a time (a constraint): park this one at 0, untracked, first.
    WorkPlanEntry.objects.filter(pk=entry.pk).update(position=0)
    other.position = mine
    saved_by(other, by, f"Moved {'down' if direction == 'up' else 'up'}")
    entry.position = theirs
    return saved_by(entry, by, f"Moved {direction}")


@transaction.atomic
def workplan_entry_dates(
    *, entry: WorkPlanEntry, starts_on: datetime.date, ends_on: datetime.date, by
) -> WorkPlanEntry:
    version = _locked_draft(entry.version)
    entry = WorkPlanEntry.objects.get(pk=entry.pk, version=version)
    _check_dates(starts_on, ends_on)
    entry.starts_on, entry.ends_on = starts_on, ends_on
    return saved_by(entry, by, "Dates changed")


@transaction.atomic
def workplan_transition(
    *,
    version: WorkPlanVersion,
    to_state: str,
    decided_on: datetime.date,
    reference: str,
    meeting: Meeting | None = None,
    by,
    today: datetime.date | None = None,
    reasons: str = "",
) -> WorkPlanTransition:
    """Record the next step of the approval trail: who recorded it, the date of the decision, its
    reference (e.g. "Cabinet 12 January 2027, minute 54") and, optionally, the meeting.

    Cabinet's approval is an executive decision (regs 12-13): it is recorded through the
    executive's ``decision_record``, by the Cabinet as decision maker, under the version's forward
    plan entry when it has one, so a key decision taken less than 28 clear days after the entry was
    first published is refused with the executive's words (reg 9). Only those who record executive
    decisions (Democratic Services) record it; the transition links to the decision."""
    version = _locked(version)
    today = today or timezone.localdate()
    if version.next_state is None:
        raise RuleError(f"Version {version.number} has been agreed by Council: it is final")
    if to_state != version.next_state:
        if to_state in STATE_ORDER and STATE_ORDER.index(to_state) <= STATE_ORDER.index(version.state):
            raise RuleError(f"Version {version.number} is already {version.state_phrase}")
        wanted = state_phrase(version.next_state)
        raise RuleError(f"Version {version.number} must first be {wanted}: no step can be skipped")
    overtaken = WorkPlanVersion.objects.agreed().filter(number__gt=version.number).order_by("number").first()
    if overtaken is not None:
        raise RuleError(
            f"Version {overtaken.number}, a later version, has already been agreed by Council, "
            "so this one cannot go forward"
        )
    if version.state == WorkPlanState.DRAFT and not version.entries.exists():
        raise RuleError("Add at least one review before the work plan goes forward")
    reference = reference.strip()
    if not reference:
        raise RuleError(
            "Enter the decision reference, for example Cabinet 12 January 2027, minute 54", field="reference"
        )
    if decided_on > today:
        raise RuleError("The date of the decision cannot be in the future", field="decided_on")
    previous = version.transitions.order_by("-decided_on").first()
    if previous is not None and decided_on < previous.decided_on:
        raise RuleError(
            f"The decision cannot be dated before the previous step, on {_day(previous.decided_on)}",
            field="decided_on",
        )
    if meeting is not None:
        meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
        kinds = DECIDING_BODIES[to_state]
        if meeting.body.kind not in kinds:
            names = " or ".join(dict(BodyKind.choices)[k] for k in kinds)
            raise RuleError(f"Choose a meeting of {names}", field="meeting")
        if meeting.is_cancelled:
            raise RuleError("That meeting was cancelled: choose the meeting that took the decision", field="meeting")
        if meeting.date != decided_on:
            raise RuleError(
                f"The meeting was on {_day(meeting.date)}: enter that as the date of the decision", field="decided_on"
            )
    decision = None
    if to_state == WorkPlanState.CABINET_APPROVED:
        decision = _cabinet_decision(
            version, decided_on=decided_on, reference=reference, reasons=reasons, by=by, today=today
        )
    transition = saved_by(
        WorkPlanTransition(
            version=version,
            from_state=version.state,
            to_state=to_state,
            decided_on=decided_on,
            reference=reference,
            meeting=meeting,
            decision=decision,
            recorded_by=by,
        ),
        by,
        f"Recorded: {dict(WorkPlanState.choices)[to_state]}",
    )
    version.state = to_state
    saved_by(version, by, f"{dict(WorkPlanState.choices)[to_state]} ({reference})")
    return transition


def _cabinet_decision(version: WorkPlanVersion, *, decided_on, reference: str, reasons: str, by, today):
    maker = DecisionMaker.objects.active().filter(kind=DecisionMakerKind.CABINET).order_by("pk").first()
    if maker is None:
        raise RuleError("Democratic Services must first list the Cabinet as a decision maker")
    entry = version.forward_plan_entry
    reviews = ", ".join(str(e.review) for e in version.entries.select_related("review").order_by("position"))
    return decision_record(
        by=by,
        decision_maker=maker,
        decided_on=decided_on,
        entry=entry,
        today=today,
        title=entry.title if entry is not None else f"Commissioning Work Plan, version {version.number}",
        decision=f"To approve version {version.number} of the Commissioning Work Plan ({reference}): {reviews}.",
        reasons=reasons.strip() or f"As set out in the report to Cabinet ({reference}).",
    )


def _answerable(action: WorkProgrammeEntry, body: Body) -> WorkProgrammeEntry:
    """The committee's open action that the person chose for the version to answer, locked."""
    entry = (
        WorkProgrammeEntry.objects.select_for_update(of=("self",))
        .filter(pk=action.pk, body=body, source=WorkProgrammeSource.ACTION, work_plan_bring_back__isnull=True)
        .outstanding()
        .not_exempt()  # a public work plan never answers, nor names, an exempt item's action
        .first()
    )
    if entry is None:
        # Not the action's wording: its minutes may be draft, or the item exempt.
        raise RuleError(
            f"Choose an action still on the work programme of {body} and not yet answered, or none", field="action"
        )
    return entry


@transaction.atomic
def workplan_bring_back(
    *, version: WorkPlanVersion, body: Body, by, answering: WorkProgrammeEntry | None = None
) -> WorkPlanBringBack:
    """Put a version on an O&S committee's work programme: answer the committee's open action to
    bring the work plan back when the person names it (``answering``; never guessed from its
    wording), else add a new subject. Once per committee."""
    version = _locked(version)
    body = Body.objects.select_for_update().get(pk=body.pk)
    if body.kind not in SCRUTINY_BODY_KINDS:
        raise RuleError("Choose an overview and scrutiny committee or a task and finish group", field="committee")
    if body.end_date is not None and body.end_date < timezone.localdate():
        raise RuleError(
            f"{body} ended on {_day(body.end_date)}: choose a committee that still meets", field="committee"
        )
    if WorkPlanBringBack.objects.filter(version=version, entry__body=body).exists():
        raise RuleError(f"Version {version.number} is already on the work programme of {body}", field="committee")
    if answering is None:
        entry = work_programme_add(
            body=body,
            title=f"Commissioning Work Plan, version {version.number}",
            source=WorkProgrammeSource.COMMISSIONING,
            notes=f"Version {version.number} of the Commissioning Work Plan ({version.state_phrase}).",
            by=by,
        )
        reason = f"Version {version.number} brought back to {body}"
    else:
        entry = _answerable(answering, body)
        # Not the action's wording: its minutes may be draft, and this history is the work plan's.
        reason = f"Version {version.number} brought back to {body}, answering its action to bring the work plan back"
    return saved_by(WorkPlanBringBack(version=version, entry=entry, recorded_by=by), by, reason)
