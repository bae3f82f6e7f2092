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
