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


def _check_register(meeting: Meeting, entries: list[tuple]):
    memberships = Membership.objects.current(meeting.date).filter(body=meeting.body)
    substitutes = set(memberships.filter(role=MembershipRole.SUBSTITUTE).values_list("person_id", flat=True))
    full_members = set(memberships.exclude(role=MembershipRole.SUBSTITUTE).values_list("person_id", flat=True))
    seen: set[int] = set()
    standing_in: dict[int, object] = {}  # a member who sent apologies: the substitute standing in
    statuses = {person.pk: status for person, status, _, _ in entries}
    for person, status, substitute_for, _ in entries:
        if person.pk in seen:
            raise RuleError(f"{_name(person)} is on the register more than once")
        seen.add(person.pk)
        if status not in AttendanceStatus.values:
            raise RuleError(
                f"Select whether {_name(person)} was present, sent apologies, was absent or attended remotely"
            )
        if person.pk not in substitutes | full_members:
            raise RuleError(f"{_name(person)} is not a member of {meeting.body}")
        if substitute_for is None:
            continue
        if person.pk not in substitutes:
            raise RuleError(f"{_name(person)} is not a substitute member of {meeting.body}")
        if status not in ATTENDED:
            raise RuleError(f"Record {_name(person)} as present to show them as a substitute")
        if substitute_for.pk not in full_members or statuses.get(substitute_for.pk) != AttendanceStatus.APOLOGIES:
            raise RuleError(f"{_name(person)} can only substitute for a member who sent apologies")
        if substitute_for.pk in standing_in:
            raise RuleError(
                f"{_name(substitute_for)} already has a substitute: {_name(standing_in[substitute_for.pk])}"
            )
        standing_in[substitute_for.pk] = person


@transaction.atomic
def attendance_record(*, meeting: Meeting, entries: Iterable[tuple], by, today=None) -> list[Attendance]:
    """Record the meeting's whole register: ``entries`` are (person, status, substitute_for, notes).

    Rules: the meeting is not cancelled and its day has come; everyone is on the body (a member or a
    substitute); nobody twice; a substitute holds a current substitute membership and stands in for
    one member of the body who sent apologies. Recording again replaces the register, line by line,
    so each change shows in the history.
    """
    meeting = Meeting.objects.select_related("body").select_for_update().get(pk=meeting.pk)
    entries = list(entries)
    _check_meeting(meeting, today or timezone.localdate())
    _check_register(meeting, entries)
    existing = {a.person_id: a for a in meeting.attendances.select_for_update()}
    recorded = []
    for person, status, substitute_for, notes in entries:
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
        with_reason(line, "Removed from the register", by=by).delete()
    return recorded


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
