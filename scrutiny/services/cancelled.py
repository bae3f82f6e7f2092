"""The lock on a cancelled meeting: its agenda items, their papers, its attendance and
declarations stay as they were when it was cancelled (the public page keeps the notice). Every
service that changes them asks ``check_not_cancelled`` first, so no view, task or import skips it."""

from django.utils import formats, timezone

from council.errors import RuleError

from ..models import Meeting


def check_not_cancelled(meeting: Meeting, consequence: str) -> None:
    """Refuse the change if the meeting was cancelled, saying when and ``consequence`` ("its
    agenda cannot be changed")."""
    if not meeting.is_cancelled:
        return
    when = ""
    if meeting.cancelled_at is not None:
        when = f" on {formats.date_format(timezone.localtime(meeting.cancelled_at), 'j F Y')}"
    raise RuleError(f"This meeting was cancelled{when}, so {consequence}")
