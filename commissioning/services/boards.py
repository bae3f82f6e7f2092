"""Programme board seats and the grants they give: a board member may edit the review and decide
its gates while their seat lasts.

Memberships are managed in ``members`` (which knows nothing of reviews); ``commissioning.signals``
calls ``sync_board_grants`` when a seat is saved. A seat lasts to the end of its last day and may
start on a later date, so saving it cannot settle every grant: ``sync_all_board_grants`` (run
nightly by ``commissioning.tasks``, or by ``manage.py sync_board_grants``) grants seats that have
started and revokes seats that have ended.
"""

import datetime

from django.contrib.auth import get_user_model

from council import permissions
from members import access as members_access
from members.models import Membership

from ..models import Review

BOARD_PERMS = ("commissioning.change_review", "commissioning.approve_gate")


def sync_board_grants(review, person, *, by=None, on: datetime.date | None = None) -> None:
    """Grant or revoke the board perms on ``review`` to ``person`` by whether they hold a current seat."""
    seated = members_access.sits_on(person, review.programme_board_id, on=on)
    for perm in BOARD_PERMS:
        if seated:
            permissions.grant(perm, person, review, by=by, reason="Programme board seat")
        else:
            permissions.revoke(perm, person, review, by=by, reason="Programme board seat ended")


def sync_all_board_grants(on: datetime.date | None = None) -> int:
    """Bring every review's board grants in step with the seats current ``on`` (today); returns how
    many people's grants were checked. Safe to run twice."""
    checked = 0
    for review in Review.objects.all():
        # A review without a board: None reads as IS NULL, which no seat matches (the stubs refuse None).
        seated = Membership.objects.filter(body_id=review.programme_board_id).values("person")  # type: ignore[misc]
        people = get_user_model().objects.filter(pk__in=seated) | permissions.granted_to(BOARD_PERMS, review)
        for person in people.distinct():
            sync_board_grants(review, person, on=on)
            checked += 1
    return checked
