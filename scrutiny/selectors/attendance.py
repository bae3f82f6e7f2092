"""Reads about the register of attendance and declarations of interest."""

from django.utils import timezone

from members.models import ROLE_ORDER, Membership, MembershipRole

from .. import access
from ..models import AttendanceStatus, Declaration, Meeting

#: The seats that vote, so count towards the quorum (a co-opted member here is non-voting).
VOTING_ROLES = (MembershipRole.CHAIR, MembershipRole.VICE_CHAIR, MembershipRole.MEMBER)
#: Recorded at the meeting (apologies may be sent before it): the register has been taken.
AT_MEETING = (AttendanceStatus.PRESENT, AttendanceStatus.ABSENT, AttendanceStatus.VIRTUAL)


def register_memberships(meeting: Meeting) -> list:
    """The people on the meeting's register: the body's members on the meeting day, Chair first,
    then substitutes last, each person once."""

    memberships = Membership.objects.current(meeting.date).filter(body=meeting.body).select_related("person")
    ordered = sorted(memberships, key=lambda m: (ROLE_ORDER[m.role], m.person.last_name, m.person.first_name))
    seen, rows = set(), []
    for membership in ordered:
        if membership.person_id not in seen:
            seen.add(membership.person_id)
            rows.append(membership)
    return rows


def attendance_for(meeting: Meeting):
    return meeting.attendances.select_related("person", "substitute_for").order_by(
        "person__last_name", "person__first_name"
    )


def attendance_register(meeting: Meeting, *, can_manage: bool) -> dict:
    """The register as the meeting page and the minutes show it, in two queries: everyone recorded,
    by status, with the clerk's notes; the members not yet recorded ("Expected"); the substitutes;
    the quorum and whether it was met; and whether the person (a clerk of the body: ``can_manage``)
    may record it, from the meeting day on, unless the meeting was cancelled."""
    lines = list(attendance_for(meeting))
    by_status = {status: [line for line in lines if line.status == status] for status in AttendanceStatus.values}
    seats = [] if meeting.is_cancelled else register_memberships(meeting)
    recorded = {line.person_id for line in lines if line.status != AttendanceStatus.EXPECTED}
    at_meeting = any(line.status in AT_MEETING for line in lines)
    expected = [m.person for m in seats if m.role != MembershipRole.SUBSTITUTE and m.person_id not in recorded]
    return {
        "lines": lines,
        "present": by_status[AttendanceStatus.PRESENT],
        "virtual": by_status[AttendanceStatus.VIRTUAL],
        "apologies": by_status[AttendanceStatus.APOLOGIES],
        "absent": by_status[AttendanceStatus.ABSENT],
        "expected": expected,
        "substitutes": [line for line in lines if line.substitute_for_id],
        "quorum": quorum(meeting, seats, lines) if seats else None,
        "recorded": at_meeting,
        "can_record": can_manage and not meeting.is_cancelled and meeting.date <= timezone.localdate(),
        "can_record_declarations": can_manage and not meeting.is_cancelled,
    }


def quorum(meeting: Meeting, seats: list, lines: list) -> dict:
    """The quorum of the meeting (the body's own figure, or its default rule, over the voting seats
    held on the meeting day) and the members counted towards it: present in person in a voting seat,
    or a substitute present in person for one. Remote attendance does not count in England (LGA 1972
    Sch.12, Hertfordshire CC v SSHCLG [2021]), nor does a non-voting co-opted member. ``checked``
    once the register has been recorded at the meeting."""
    voting = {m.person_id for m in seats if m.role in VOTING_ROLES}
    needed = meeting.body.quorum_of(len(voting))
    counted = sum(
        1
        for line in lines
        if line.status == AttendanceStatus.PRESENT
        and (line.person_id in voting or (line.substitute_for_id is not None and line.substitute_for_id in voting))
    )
    checked = any(line.status in AT_MEETING for line in lines)
    return {
        "needed": needed,
        "from_constitution": meeting.body.quorum is not None,
        "present": counted,
        "checked": checked,
        "quorate": counted >= needed,
    }


def declarations_by_item(user, meeting: Meeting, *, may_see: set[int] | None = None) -> dict[int, list]:
    """The interests declared on each item, as {item id: [(declaration, show its nature)]}: the
    nature of an interest in an exempt item can disclose the item, so it follows the exempt rule.
    ``may_see``: ``access.exempt_readable_ids(user, meeting)`` if the caller has it already."""

    if may_see is None:
        may_see = access.exempt_readable_ids(user, meeting)
    grouped: dict[int, list] = {}
    for declaration in Declaration.objects.filter(item__meeting=meeting).select_related(
        "person", "item", "dispensation"
    ):
        show = not declaration.item.exempt or declaration.item_id in may_see
        grouped.setdefault(declaration.item_id, []).append((declaration, show))
    return grouped
