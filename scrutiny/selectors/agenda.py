"""Reads about the agenda: its rows with numbers and a running timetable, and who may report."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q

from .. import access, item_links
from ..models import Meeting, exclusion_paragraphs, exclusion_wording
from .attendance import declarations_by_item
from .documents import documents_by_item

EXEMPT_NOTICE = (
    "Not for publication by virtue of paragraph {n} of Part 1 of Schedule 12A to the Local Government Act 1972"
)


def agenda_rows(meeting: Meeting, *, include_unpublished: bool) -> list[dict]:
    """The agenda in order with numbers and a running timetable from the meeting's start; the
    exclusion of the press and public with its wording (LGA 1972 s.100A(4))."""
    items = list(
        meeting.items.select_related("report_author__officer", "report_author__member", "presenter").order_by(
            "position"
        )
    )
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


def meeting_agenda(user, meeting: Meeting, *, can_manage: bool) -> list[dict]:
    """The meeting page's agenda for ``user``: the rows (``agenda_rows``; unpublished items only for
    the body's clerks, ``can_manage``) each with the papers they may open, the interests declared
    and whether its papers may still change (a clerk's, before the item is published, while the
    meeting may be changed). A fixed number of queries whatever the number of items or papers."""

    rows = agenda_rows(meeting, include_unpublished=can_manage)
    # Whose exempt content ``user`` may see, asked once for the papers and the interests. The body's
    # clerks see every exempt item of its meetings (``access.exempt_readable``), and their rows hold
    # every item: no query for them.
    if can_manage:
        may_see = {row["item"].pk for row in rows if row["item"].exempt}
    else:
        may_see = access.exempt_readable_ids(user, meeting)
    documents = documents_by_item(user, meeting, can_manage=can_manage, may_see=may_see)
    declarations = declarations_by_item(user, meeting, may_see=may_see)
    links = item_links.links_for(row["item"].pk for row in rows)
    for row in rows:
        item = row["item"]
        row["links"] = links.get(item.pk, [])
        row["documents"] = documents.get(item.pk, [])
        row["declarations"] = declarations.get(item.pk, [])
        row["can_change_documents"] = can_manage and not item.is_published and meeting.can_be_changed
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
