"""Reads about the register of attendance and declarations of interest."""

from django.utils import timezone

from members.models import ROLE_ORDER, Membership

from .. import access
from ..models import AttendanceStatus, Declaration, Meeting


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
    """The register as the meeting page shows it, in one query: everyone recorded, by status, the
    substitutes, and whether the person (a clerk of the body: ``can_manage``) may record it, from
    the meeting day on, unless the meeting was cancelled."""
    lines = list(attendance_for(meeting))
    by_status = {status: [line for line in lines if line.status == status] for status in AttendanceStatus.values}
    return {
        "lines": lines,
        "present": by_status[AttendanceStatus.PRESENT],
        "virtual": by_status[AttendanceStatus.VIRTUAL],
        "apologies": by_status[AttendanceStatus.APOLOGIES],
        "absent": by_status[AttendanceStatus.ABSENT],
        "substitutes": [line for line in lines if line.substitute_for_id],
        "can_record": can_manage and not meeting.is_cancelled and meeting.date <= timezone.localdate(),
        "can_record_declarations": can_manage and not meeting.is_cancelled,
    }


def declarations_by_item(user, meeting: Meeting) -> dict[int, list]:
    """The interests declared on each item, as {item id: [(declaration, show its nature)]}: the
    nature of an interest in an exempt item can disclose the item, so it follows the exempt rule."""

    may_see = access.exempt_readable_ids(user, meeting)
    grouped: dict[int, list] = {}
    for declaration in Declaration.objects.filter(item__meeting=meeting).select_related(
        "person", "item", "dispensation"
    ):
        show = not declaration.item.exempt or declaration.item_id in may_see
        grouped.setdefault(declaration.item_id, []).append((declaration, show))
    return grouped
