"""Keep board members' grants on their review in step with their seats on its programme board.

Memberships are managed in ``members`` (which knows nothing of reviews); commissioning listens.
A seat lasts to the end of its last day and may start on a later date, so saving it cannot settle
every grant: ``sync_all_board_grants`` (run nightly by ``commissioning.tasks``, or by
``manage.py sync_board_grants``) grants seats that have started and revokes seats that have ended.
"""

import datetime

from django.db.models.signals import post_save
from django.dispatch import receiver

from members.models import Membership

BOARD_PERMS = ("commissioning.change_review", "commissioning.approve_gate")


def sync_board_grants(review, person, *, by=None, on: datetime.date | None = None) -> None:
    """Grant or revoke the board perms on ``review`` to ``person`` by whether they hold a current seat."""
    from council import permissions

    seated = (
        review.programme_board_id is not None
        and Membership.objects.current(on).filter(body_id=review.programme_board_id, person=person).exists()
    )
    for perm in BOARD_PERMS:
        if seated:
            permissions.grant(perm, person, review, by=by, reason="Programme board seat")
        else:
            permissions.revoke(perm, person, review, by=by, reason="Programme board seat ended")


def sync_all_board_grants(on: datetime.date | None = None) -> int:
    """Bring every review's board grants in step with the seats current ``on`` (today); returns how
    many people's grants were checked. Safe to run twice."""
    from django.contrib.auth import get_user_model

    from .models import Review, ReviewUserObjectPermission

    checked = 0
    codenames = [perm.split(".", 1)[1] for perm in BOARD_PERMS]
    for review in Review.objects.all():
        seated = Membership.objects.filter(body_id=review.programme_board_id).values("person")
        granted = ReviewUserObjectPermission.objects.filter(
            content_object=review, permission__codename__in=codenames
        ).values("user")
        people = get_user_model().objects.filter(pk__in=seated) | get_user_model().objects.filter(pk__in=granted)
        for person in people.distinct():
            sync_board_grants(review, person, on=on)
            checked += 1
    return checked


@receiver(post_save, sender=Membership)
def membership_saved(sender, instance: Membership, raw=False, **kwargs):
    if raw:
        return
    from .models import Review

    # In the same transaction as the seat: both are saved or neither is.
    review = Review.objects.filter(programme_board_id=instance.body_id).first()
    if review is not None:
        sync_board_grants(review, instance.person)
