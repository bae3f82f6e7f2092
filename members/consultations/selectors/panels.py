"""The consultations' dashboard panels: for members, the consultations they are asked to respond to;
for those who run consultations, theirs with response rates."""

from ...models import Member
from ..access import can_consult
from .consultations import list_rows
from .mine import my_consultations


def respond_panel(request) -> dict:
    """Dashboard: the consultations the member is asked to respond to, with their deadlines."""
    member = Member.objects.filter(user=request.user).first() if request.user.is_authenticated else None
    if member is None:
        return {"to_answer": []}
    mine = my_consultations(member)
    return {"to_answer": sorted(mine.open + mine.drafts, key=lambda row: row.consultation.closes_at)}


def owner_panel(request) -> dict:
    """Dashboard: the consultations the person runs (drafts, open ones and closed ones still to be
    reported on), with response rates."""
    if not can_consult(request.user):
        return {}
    rows = [row for row in list_rows(request.user) if row.consultation.state in ("draft", "open", "closed")]
    return {"consultation_rows": rows[:10]}
