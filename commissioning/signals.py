"""Keep board members' grants on their review in step with their seats on its programme board.

Memberships are managed in ``members`` (which knows nothing of reviews); commissioning listens.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from members.models import Membership

BOARD_PERMS = ("commissioning.change_review", "commissioning.approve_gate")


def sync_board_grants(review, person, *, by=None) -> None:
    """Grant or revoke the board perms on ``review`` to ``person`` by whether they hold a current seat."""
    from council import permissions

    seated = Membership.objects.current().filter(body_id=review.programme_board_id, person=person).exists()
    for perm in BOARD_PERMS:
        if seated:
            permissions.grant(perm, person, review, by=by, reason="Programme board seat")
        else:
            permissions.revoke(perm, person, review, by=by, reason="Programme board seat ended")


@receiver(post_save, sender=Membership)
def membership_saved(sender, instance: Membership, raw=False, **kwargs):
    if raw:
        return
    from .models import Review

    # In the same transaction as the seat: both are saved or neither is.
    review = Review.objects.filter(programme_board_id=instance.body_id).first()
    if review is not None:
        sync_board_grants(review, instance.person)
