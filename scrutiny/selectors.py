"""Reads about meetings, permission-scoped through council.permissions."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q

from council import permissions
from members.models import Body

from .models import Meeting


def meetings_visible_to(user):
    return permissions.viewable(user, Meeting.objects.all(), "scrutiny.view_meeting")


def can_manage_meetings(user, body: Body) -> bool:
    """A body's clerks (object permission) and Administrators (role) run its meetings."""
    return permissions.can(user, "members.change_body", body)


def bodies_managed_by(user):
    return permissions.permitted(user, Body.objects.all(), "members.change_body")


def meetings_to_prepare_panel(request):
    bodies = permissions.granted(request.user, Body.objects.all(), "members.change_body")
    meetings = list(Meeting.objects.filter(body__in=bodies).upcoming().for_listing()[:10])
    return {"meetings": [(m, m.publication_deadline_state()) for m in meetings]}


EXEMPT_NOTICE = (
    "Not for publication by virtue of paragraph {n} of Part 1 of Schedule 12A to the Local Government Act 1972"
)


def agenda_rows(meeting: Meeting, *, include_unpublished: bool) -> list[dict]:
    """The agenda in order with numbers and a running timetable from the meeting's start."""
    items = meeting.items.select_related("report_author", "presenter").order_by("position")
    rows, at = [], meeting.starts_at
    for number, item in enumerate(items, start=1):
        if include_unpublished or item.is_published:
            rows.append(
                {
                    "number": number,
                    "item": item,
                    "starts_at": at,
                    "exempt_notice": EXEMPT_NOTICE.format(n=item.exempt_paragraph) if item.exempt else "",
                }
            )
        at = at + datetime.timedelta(minutes=item.minutes_allowed or 0)
    return rows


def people_who_report():
    """Officers and councillors, for report authors and presenters."""
    return (
        get_user_model()
        .objects.filter(Q(officer__isnull=False) | Q(member__isnull=False), is_active=True)
        .order_by("last_name", "first_name")
    )


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


def declarations_by_item(meeting: Meeting) -> dict[int, list]:
    from .models import Declaration

    grouped: dict[int, list] = {}
    for declaration in Declaration.objects.filter(item__meeting=meeting).select_related("person"):
        grouped.setdefault(declaration.item_id, []).append(declaration)
    return grouped


# --- Supporting documents and exempt papers (LGA 1972 Part VA, Schedule 12A) ---------------------

NEED_TO_KNOW = "scrutiny.view_exempt_papers"


def is_current_member(user, body: Body) -> bool:
    from members.models import Membership

    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.current().filter(body=body, person=user).exists()


def may_open_document(user, document) -> bool:
    """Unpublished papers: the body's clerks and Administrators only. Published papers: everyone who
    may see the meeting, except exempt ones, which go to the body's current members, its clerks
    and Administrators, and officers granted need-to-know on the item."""
    item = document.item
    body = item.meeting.body
    if can_manage_meetings(user, body):
        return True
    if not item.is_published:
        return False
    if not item.exempt:
        return True
    return is_current_member(user, body) or permissions.can(user, NEED_TO_KNOW, item)


def documents_by_item(user, meeting: Meeting, *, can_manage: bool) -> dict[int, list[tuple]]:
    """The meeting's documents as {item id: [(document, may open)]}, in a fixed number of queries."""
    from .models import AgendaItem, SupportingDocument

    documents = SupportingDocument.objects.filter(item__meeting=meeting).select_related("item")
    if not can_manage:
        documents = documents.filter(item__published_in__isnull=False)
    documents = list(documents.order_by("item__position", "position"))
    member = can_manage or (any(d.item.exempt for d in documents) and is_current_member(user, meeting.body))
    need_to_know = set()
    if not member and any(d.item.exempt for d in documents):
        exempt_items = AgendaItem.objects.filter(meeting=meeting, exempt=True)
        need_to_know = set(permissions.granted(user, exempt_items, NEED_TO_KNOW).values_list("pk", flat=True))
    grouped: dict[int, list[tuple]] = {}
    for document in documents:
        may_open = can_manage or not document.item.exempt or member or document.item_id in need_to_know
        grouped.setdefault(document.item_id, []).append((document, may_open))
    return grouped


def officers():
    """Council staff, for need-to-know grants on exempt papers."""
    return (
        get_user_model()
        .objects.filter(officer__isnull=False, is_active=True)
        .select_related("officer")
        .order_by("last_name", "first_name")
    )


def exempt_accesses(meeting: Meeting):
    from .models import ExemptDocumentAccess

    return (
        ExemptDocumentAccess.objects.filter(item__meeting=meeting)
        .select_related("person", "item")
        .order_by("-opened_at")
    )
