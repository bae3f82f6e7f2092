"""Reads about the register of attendance and declarations of interest."""

from ..models import Meeting


def register_memberships(meeting: Meeting) -> list:
    """The people on the meeting's register: the body's members on the meeting day, Chair first,
    then substitutes last, each person once."""
    from members.models import ROLE_ORDER, Membership

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


def declarations_by_item(user, meeting: Meeting) -> dict[int, list]:
    """The interests declared on each item, as {item id: [(declaration, show its nature)]}: the
    nature of an interest in an exempt item can disclose the item, so it follows the exempt rule."""
    from .. import access
    from ..models import Declaration

    may_see = access.exempt_readable_ids(user, meeting)
    grouped: dict[int, list] = {}
    for declaration in Declaration.objects.filter(item__meeting=meeting).select_related("person", "item"):
        show = not declaration.item.exempt or declaration.item_id in may_see
        grouped.setdefault(declaration.item_id, []).append((declaration, show))
    return grouped
