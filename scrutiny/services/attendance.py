"""Attendance and declarations of interest at a meeting: both are minuted.

The register is recorded whole, as the clerk reads it at the start of the meeting ("Apologies for
absence and substitutions"). Declarations follow the Localism Act 2011 and the council's code of
conduct: a member declares on an item at the meeting they attend.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import formats, timezone

from council.errors import RuleError
from council.history import saved_by, with_reason
from members.models import Membership, MembershipRole

from ..models import (
    ATTENDED,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Declaration,
    DeclarationKind,
    Meeting,
    MeetingStatus,
)
from .cancelled import check_not_cancelled


def _name(person) -> str:
    return person.get_full_name() or person.email


def _check_not_confirmed(meeting: Meeting):
    # Attendance and declarations are part of the minutes: final once confirmed as a correct record.
    if meeting.status == MeetingStatus.MINUTES_CONFIRMED:
        raise RuleError(
            "The minutes were confirmed as a correct record, so attendance and declarations cannot be changed"
        )


def _check_meeting(meeting: Meeting, today: datetime.date):
    _check_not_confirmed(meeting)
    check_not_cancelled(meeting, "there is no attendance to record")
    if meeting.date > today:
        day = formats.date_format(meeting.date, "l j F Y")
        raise RuleError(f"Attendance can only be recorded from the day of the meeting, {day}")


def _check_register(meeting: Meeting, entries: list[tuple], sent_apologies: set[int]):
    memberships = Membership.objects.current(meeting.date).filter(body=meeting.body)
    substitutes = set(memberships.filter(role=MembershipRole.SUBSTITUTE).values_list("person_id", flat=True))
    full_members = set(memberships.exclude(role=MembershipRole.SUBSTITUTE).values_list("person_id", flat=True))
    seen: set[int] = set()
    standing_in: dict[int, object] = {}  # a member who sent apologies: the substitute standing in
    statuses = {person.pk: _kept(status, person.pk in sent_apologies) for person, status, _, _ in entries}
    for person, status, substitute_for, notes in entries:
        if person.pk in seen:
            raise RuleError(f"{_name(person)} is on the register more than once")
        seen.add(person.pk)
        if status not in AttendanceStatus.values:
            raise RuleError(
                f"Select whether {_name(person)} was present, sent apologies, was absent or attended remotely"
            )
        if person.pk not in substitutes | full_members:
            raise RuleError(f"{_name(person)} is not a member of {meeting.body}")
        if (notes or "").strip() and statuses[person.pk] == AttendanceStatus.EXPECTED:
            raise RuleError(f"Record how {_name(person)} attended to add a note about it")
        if substitute_for is None:
            continue
        if person.pk not in substitutes:
            raise RuleError(f"{_name(person)} is not a substitute member of {meeting.body}")
        if status not in ATTENDED:
            raise RuleError(f"Record {_name(person)} as present to show them as a substitute")
        # A member who sent apologies themselves and is left "Expected" (or off the register) still
        # sent apologies: standing a substitute in for them never makes them absent.
        stood_down = statuses.get(
            substitute_for.pk, _kept(AttendanceStatus.EXPECTED, substitute_for.pk in sent_apologies)
        )
        if substitute_for.pk not in full_members or stood_down != AttendanceStatus.APOLOGIES:
            raise RuleError(f"{_name(person)} can only substitute for a member who sent apologies")
        if substitute_for.pk in standing_in:
            raise RuleError(
                f"{_name(substitute_for)} already has a substitute: {_name(standing_in[substitute_for.pk])}"
            )
        standing_in[substitute_for.pk] = person


def _kept(status: str, sent_apologies: bool) -> str:
    """The status a line is recorded with: a member left "Expected" who has sent apologies keeps them
    (they may have sent them while the clerk had the register open)."""
    if status == AttendanceStatus.EXPECTED and sent_apologies:
        return AttendanceStatus.APOLOGIES
    return status


@transaction.atomic
def attendance_record(*, meeting: Meeting, entries: Iterable[tuple], by, today=None) -> list[Attendance]:
    """Record the meeting's whole register: ``entries`` are (person, status, substitute_for, notes).

    Rules: the meeting is not cancelled and its day has come; everyone is on the body (a member or a
    substitute); nobody twice; a substitute holds a current substitute membership and stands in for
    one member of the body who sent apologies. Recording again replaces the register, line by line,
    so each change shows in the history. A person left "Expected" (not yet recorded), or left off,
    has no line, except that apologies already on the register (a member may send their own before
    the meeting) are kept.
    """
    meeting = Meeting.objects.select_related("body").select_for_update().get(pk=meeting.pk)
    entries = list(entries)
    _check_meeting(meeting, today or timezone.localdate())
    existing = {a.person_id: a for a in meeting.attendances.select_for_update()}
    sent_apologies = {pk for pk, line in existing.items() if line.status == AttendanceStatus.APOLOGIES}
    _check_register(meeting, entries, sent_apologies)
    recorded = []
    for person, status, substitute_for, notes in entries:
        status = _kept(status, person.pk in sent_apologies)
        if status == AttendanceStatus.EXPECTED:
            continue  # not recorded: an existing line is taken off below
        line = existing.pop(person.pk, None) or Attendance(meeting=meeting, person=person)
        changed = (line.status, line.substitute_for_id, line.notes) != (
            status,
            substitute_for.pk if substitute_for else None,
            (notes or "").strip(),
        )
        line.status, line.substitute_for, line.notes = status, substitute_for, (notes or "").strip()
        if line.pk is None or changed:
            saved_by(line, by, "Attendance recorded")
        recorded.append(line)
    for line in existing.values():
        if line.status == AttendanceStatus.APOLOGIES:
            recorded.append(line)  # apologies the member sent stay until the clerk records otherwise
            continue
        with_reason(line, "Removed from the register", by=by).delete()
    return recorded


@transaction.atomic
def attendance_send_apologies(*, meeting: Meeting, by, now=None) -> Attendance:
    """``by``, a member of the meeting's body, sends their apologies before the meeting starts: one
    line of its register, with the member named in its history, which the clerk sees on the meeting
    page and the register. Only one's own apologies (there is no ``person`` to choose); a substitute
    is not expected, so has none to send. Sending them twice changes nothing."""
    meeting = Meeting.objects.select_related("body").select_for_update().get(pk=meeting.pk)
    _check_not_confirmed(meeting)
    if meeting.is_cancelled:
        raise RuleError("This meeting was cancelled, so there is nothing to send apologies for")
    if meeting.starts_at <= (now or timezone.now()):
        raise RuleError("The meeting has started: tell the clerk if you cannot stay")
    seated = Membership.objects.current(meeting.date).filter(body=meeting.body, person=by)
    if not seated.exclude(role=MembershipRole.SUBSTITUTE).exists():
        raise RuleError(f"You are not a member of {meeting.body} on the day of the meeting")
    line = meeting.attendances.select_for_update().filter(person=by).first()
    if line is not None and line.status == AttendanceStatus.APOLOGIES:
        return line
    if line is not None and line.status != AttendanceStatus.EXPECTED:
        raise RuleError("The clerk has already recorded your attendance: contact them to change it")
    line = line or Attendance(meeting=meeting, person=by)
    line.status = AttendanceStatus.APOLOGIES
    return saved_by(line, by, "Apologies sent by the member")


@transaction.atomic
def declaration_add(
    *, item: AgendaItem, person, kind: str, nature: str, left_room: bool, by, interest=None
) -> Declaration:
    """Record a declaration of interest on an item by someone at the meeting (``interest``: the entry
    in their register it was confirmed from, if any).

    A member with a disclosable pecuniary interest may not take part in the item, nor vote, unless a
    dispensation allows it (Localism Act 2011 ss.31(4), 33): the declaration records the dispensation
    in date on the meeting day for the body (or every body) and for that interest (or none in
    particular), and whether they took part, which the minutes of the item state. Leaving the room
    is taking no part.
    """
    from ..selectors.interests import covering_dispensation

    item = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    _check_not_confirmed(item.meeting)
    check_not_cancelled(item.meeting, "no declaration can be recorded")
    if kind not in DeclarationKind.values:
        raise RuleError("Select the kind of interest", field="kind")
    if not (nature or "").strip():
        raise RuleError("Enter the nature of the interest", field="nature")
    if not item.meeting.attendances.filter(person=person, status__in=ATTENDED).exists():
        raise RuleError(f"Record {_name(person)} as present before recording their declaration", field="person")
    if item.declarations.filter(person=person).exists():
        raise RuleError(f"{_name(person)} has already declared an interest in this item", field="person")
    if interest is not None and interest.person_id != person.pk:
        raise RuleError("That entry is in another member's register", field="person")
    dispensation = None
    took_part = not left_room
    if kind == DeclarationKind.DISCLOSABLE_PECUNIARY:
        dispensation = covering_dispensation(person=person, meeting=item.meeting, interest=interest)
        took_part = took_part and dispensation is not None and dispensation.may_participate
    declaration = Declaration(
        item=item,
        person=person,
        kind=kind,
        nature=nature.strip(),
        left_room=left_room,
        took_part=took_part,
        interest=interest,
        dispensation=dispensation,
        created_by=by,
    )
    return saved_by(declaration, by, "Interest declared" if took_part else "Interest declared: took no part")


@transaction.atomic
def declaration_remove(*, declaration: Declaration, by) -> None:
    """Take back a declaration recorded in error; its history keeps what it said."""
    declaration = Declaration.objects.select_related("item__meeting").get(pk=declaration.pk)
    _check_not_confirmed(declaration.item.meeting)
    check_not_cancelled(declaration.item.meeting, "its declarations cannot be changed")
    with_reason(declaration, "Declaration removed", by=by).delete()
