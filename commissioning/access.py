"""Who may do what to a review and its parts: the commissioning rules on top of council.permissions.

Views ask these questions; each answers through ``council.permissions`` (roles and object grants).
A programme board seat (a current membership of the review's board) grants ``change_review`` and
``approve_gate`` on that review (``signals.py`` keeps the grants in step with the seats: when a
seat is saved, and nightly, ``tasks.sync_board_grants``, for seats that start or end on a later day).
"""

from council import permissions
from members.models import Membership

from .models import ApproverCapacity, Review, SavingLine


def can_view(user, review: Review | None = None) -> bool:
    return permissions.can(user, "commissioning.view_review", review)


def can_create(user) -> bool:
    return permissions.can(user, "commissioning.add_review")


def can_edit(user, review: Review) -> bool:
    """Commissioning officers and Administrators edit every review; board members edit theirs."""
    return permissions.can(user, "commissioning.change_review", review)


def can_comment(user, review: Review) -> bool:
    return permissions.can(user, "commissioning.comment_review", review)


def gate_capacity(user, review: Review) -> str | None:
    """In what capacity ``user`` may pass or reverse the review's gate, or None.

    The accountable Cabinet Member: a Cabinet Member holding one of the review's portfolios.
    The programme board: a current seat on the review's board (an object grant of approve_gate).
    """
    if not getattr(user, "is_authenticated", False):
        return None
    if permissions.has_role(user, "Cabinet Member") and review.portfolios.filter(cabinet_member__user=user).exists():
        return ApproverCapacity.CABINET_MEMBER
    if permissions.granted(user, Review.objects.filter(pk=review.pk), "commissioning.approve_gate").exists():
        return ApproverCapacity.PROGRAMME_BOARD
    return None


def can_add_saving(user, review: Review) -> bool:
    return permissions.can(user, "commissioning.add_savingline") or can_edit(user, review)


def can_update_saving(user, line: SavingLine) -> bool:
    """Finance officers, commissioning officers, the saving's owner and the review's board."""
    return (
        permissions.can(user, "commissioning.change_savingline")
        or (getattr(user, "is_authenticated", False) and line.owner_id == user.pk)
        or can_edit(user, line.review)
    )


def can_sign_off(user, line: SavingLine) -> bool:
    """A finance officer who is not the saving's owner."""
    return permissions.can(user, "commissioning.signoff_savingline") and line.owner_id != user.pk


def can_manage_work_plan(user) -> bool:
    return permissions.can(user, "commissioning.change_workplanversion")


def can_set_weights(user) -> bool:
    return permissions.can(user, "commissioning.change_criterionweight")


def board_seat_holders(review: Review):
    """People with a current seat on the review's programme board."""
    if review.programme_board_id is None:
        return Membership.objects.none()
    return Membership.objects.current().filter(body_id=review.programme_board_id).select_related("person")
