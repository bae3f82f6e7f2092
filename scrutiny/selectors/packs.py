"""The meeting page's agenda packs and minutes PDFs: which editions the person may download and
build, by the agenda pack's rules (``scrutiny.packs``) and the minutes PDF's (``scrutiny.minutes_pack``),
with what the pack engine knows of each."""

import dataclasses

from council.packs.selectors import PacksBox, packs_box
from members import access as members_access

from .. import access, minutes_pack, packs
from ..models import Meeting, MeetingStatus


def meeting_packs_box(
    user, meeting: Meeting, *, can_manage: bool | None = None, publications: list | None = None
) -> PacksBox:
    """Each edition ``user`` may download with its latest version; the builds for the body's clerks.
    The meeting is one they may see, so its public editions are theirs; a confidential edition is
    for the body's current members, its clerks and Administrators (``packs.may_download``). A few
    queries per publication, none per item (the meeting's ``publications`` may be given, read once
    for the page)."""
    names = packs.editions(meeting, publications=publications)
    if not names:
        return packs_box(packs.KIND, meeting, editions=[])
    if can_manage is None:
        can_manage = access.can_manage_meetings(user, meeting.body)
    member = can_manage or (
        any(packs.is_confidential(name) for name in names) and members_access.sits_on(user, meeting.body)
    )
    names = [name for name in names if member or not packs.is_confidential(name)]
    return packs_box(packs.KIND, meeting, editions=names, buildable=names if can_manage else ())


def meeting_minutes_box(user, meeting: Meeting, *, can_manage: bool | None = None) -> PacksBox:
    """Each edition of the minutes PDF ``user`` may download (``minutes_pack.may_download``) with
    its latest version; the builds for the body's clerks. A few queries, none per item."""
    names = minutes_pack.editions(meeting)
    if not names:
        return packs_box(minutes_pack.KIND, meeting, editions=[])
    if can_manage is None:
        can_manage = access.can_manage_meetings(user, meeting.body)
    if not can_manage:
        names = [name for name in names if not name.startswith(minutes_pack.DRAFT)]
        if any(minutes_pack.is_confidential(name) for name in names) and not members_access.sits_on(user, meeting.body):
            names = [name for name in names if not minutes_pack.is_confidential(name)]
    confirmed = meeting.status == MeetingStatus.MINUTES_CONFIRMED
    buildable = [
        name for name in names if can_manage and not (confirmed and name.startswith(minutes_pack.FOR_APPROVAL))
    ]
    box = packs_box(minutes_pack.KIND, meeting, editions=names, buildable=buildable)
    if not confirmed:
        return box
    # Once confirmed, an edition for approval is kept as the record of what was published; one that
    # was never built never will be, so it is not listed as "Not built yet".
    rows = tuple(
        row
        for row in box.rows
        if row.version is not None or row.building is not None or not row.edition.startswith(minutes_pack.FOR_APPROVAL)
    )
    return dataclasses.replace(box, rows=rows)
