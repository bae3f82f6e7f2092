"""Keep board members' grants on their review in step with their seats on its programme board.

Memberships are managed in ``members`` (which knows nothing of reviews); commissioning listens.
The grants themselves are kept by ``services.boards`` (which also settles, nightly, the seats that
start or end on a later day).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from members.models import Membership

from .models import Review
from .services.boards import sync_board_grants


@receiver(post_save, sender=Membership)
def membership_saved(sender, instance: Membership, raw=False, **kwargs):
    if raw:
        return

    # In the same transaction as the seat: both are saved or neither is.
    review = Review.objects.filter(programme_board_id=instance.body_id).first()
    if review is not None:
        sync_board_grants(review, instance.person)
