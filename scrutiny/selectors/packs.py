"""The meeting page's agenda packs: which editions the person may download and build, by the
agenda pack's rules (``scrutiny.packs``), with what the pack engine knows of each."""

from council.packs.selectors import PacksBox, packs_box
from members import access as members_access

from .. import access, packs
from ..models import Meeting


def meeting_packs_box(user, meeting: Meeting, *, can_manage: bool | None = None) -> PacksBox:
    """Each edition ``user`` may download with its latest version; the builds for the body's clerks.
    The meeting is one they may see, so its public editions are theirs; a confidential edition is
    for the body's current members, its clerks and Administrators (``packs.may_download``). A few
    queries per publication, none per item."""
    names = packs.editions(meeting)
    if not names:
        return packs_box(packs.KIND, meeting, editions=[])
    if can_manage is None:
        can_manage = access.can_manage_meetings(user, meeting.body)
    member = can_manage or (
        any(packs.is_confidential(name) for name in names) and members_access.sits_on(user, meeting.body)
    )
    names = [name for name in names if member or not packs.is_confidential(name)]
    return packs_box(packs.KIND, meeting, editions=names, buildable=names if can_manage else ())
