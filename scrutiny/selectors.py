"""Reads about meetings, permission-scoped through council.permissions."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q

from council import permissions
from members.models import Body

from .models import Meeting, exclusion_paragraphs, exclusion_wording


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
    """The agenda in order with numbers and a running timetable from the meeting's start; the
    exclusion of the press and public with its wording (LGA 1972 s.100A(4))."""
    items = list(meeting.items.select_related("report_author", "presenter").order_by("position"))
    exclusions = exclusion_paragraphs(items)
    rows, at = [], meeting.starts_at
    for number, item in enumerate(items, start=1):
        if include_unpublished or item.is_published:
            rows.append(
                {
                    "number": number,
                    "item": item,
                    "starts_at": at,
                    "exempt_notice": EXEMPT_NOTICE.format(n=item.exempt_paragraph) if item.exempt else "",
                    "exclusion": exclusion_wording(exclusions[item.pk]) if item.pk in exclusions else "",
                }
            )
        at = at + datetime.timedelta(minutes=item.minutes_allowed or 0)
    return rows


def exclusion_resolution(item) -> str:
    """The minute of an exclusion item as resolved, for the clerk to start from."""
    items = item.meeting.items.order_by("position")
    return exclusion_wording(exclusion_paragraphs(items).get(item.pk, []), resolved=True)


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


def declarations_by_item(user, meeting: Meeting) -> dict[int, list]:
    """The interests declared on each item, as {item id: [(declaration, show its nature)]}: the
    nature of an interest in an exempt item can disclose the item, so it follows the exempt rule."""
    from . import access
    from .models import Declaration

    may_see = access.exempt_readable_ids(user, meeting)
    grouped: dict[int, list] = {}
    for declaration in Declaration.objects.filter(item__meeting=meeting).select_related("person", "item"):
        show = not declaration.item.exempt or declaration.item_id in may_see
        grouped.setdefault(declaration.item_id, []).append((declaration, show))
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
    may see the meeting, except exempt ones, whose content is for those ``access`` allows (the
    body's current members, its clerks and Administrators, officers granted need-to-know)."""
    from . import access

    item = document.item
    if can_manage_meetings(user, item.meeting.body):
        return True
    if not item.is_published:
        return False
    return access.may_see_exempt_content(user, item)


def documents_by_item(user, meeting: Meeting, *, can_manage: bool) -> dict[int, list]:
    """The documents ``user`` may open, as {item id: [document]}, in a fixed number of queries.

    Exempt papers a person may not open are not loaded at all: their titles, sizes and page counts
    are for those who may open them; the others see the item's title and its paragraph only."""
    from . import access
    from .models import SupportingDocument

    documents = SupportingDocument.objects.filter(item__meeting=meeting)
    if not can_manage:
        documents = documents.filter(item__published_in__isnull=False).filter(
            Q(item__exempt=False) | Q(item__in=access.exempt_readable_ids(user, meeting))
        )
    grouped: dict[int, list] = {}
    for document in documents.order_by("item__position", "position"):
        grouped.setdefault(document.item_id, []).append(document)
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
        .select_related("person", "item", "pack_version")
        .order_by("-opened_at", "-pk")
    )
