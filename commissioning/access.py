"""Who may do what to a review and its parts: the commissioning rules on top of council.permissions.

Views ask these questions; each answers through ``council.permissions`` (roles and object grants).
A programme board seat (a current membership of the review's board) grants ``change_review`` and
``approve_gate`` on that review (``services.boards`` keeps the grants in step with the seats: when a
seat is saved, and nightly, ``tasks.sync_board_grants``, for seats that start or end on a later day).
"""

import datetime

from django.utils import formats, timezone

from council import permissions
from members import access as members_access
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


# Separation of duties. These hold for every person whatever their roles, the Administrator too,
# and the services ask them before every decision, so no view, task or import can skip them.


def gate_conflict(user, review: Review, capacity: str | None = None) -> str | None:
    """Why ``user``, who may decide the review's gates in ``capacity``, must not decide them, or None.

    The lead officer runs the review, so they do not decide its gates, whatever their seat (nor
    does one who handed the lead on during the stage being decided). A board seat counts for gate
    decisions only if someone else gave it: a seat the person added themselves (on this review's
    pages, the committee pages or any other way) or lengthened themselves would let anyone who may
    add board members approve their own work. The seat's history says who added and changed it.
    """
    if review.lead_officer_id == user.pk:
        return (
            "You are the lead officer of this review, so you cannot decide its gates. "
            "The accountable Cabinet Member or another member of the programme board must decide"
        )
    if _led_this_stage(user, review):
        return (
            "You were the lead officer of this review during its current stage, so you cannot decide its gate. "
            "The accountable Cabinet Member or another member of the programme board must decide"
        )
    capacity = capacity or gate_capacity(user, review)
    if capacity != ApproverCapacity.PROGRAMME_BOARD:
        return None
    seats = members_access.seats(user).filter(body_id=review.programme_board_id)
    how = [_self_granted(seat, user) for seat in seats]
    if how and None not in how:
        return (
            f"Your seat {how[0]}, so it does not let you decide this review’s gates: a seat counts for "
            "gate decisions only when someone else gave it. "
            "The accountable Cabinet Member or another member of the programme board must decide"
        )
    if not how:
        return "You do not have a current seat on the programme board, so you cannot decide this review’s gates"
    return None


def _led_this_stage(user, review: Review) -> bool:
    """Whether ``user`` was the review's lead officer at any time since its last gate decision (handing
    the lead to someone else does not make the stage's own lead its judge). Read from its history."""
    led = review.history.filter(lead_officer_id=user.pk)
    since = review.gate_decisions.order_by("-recorded_at").values_list("recorded_at", flat=True).first()
    if since is not None:
        led = led.filter(history_date__gte=since)
    return led.exists()


def _longer(before, after) -> bool:
    far = datetime.date.max
    return after.start_date < before.start_date or (after.end_date or far) > (before.end_date or far)


def _self_granted(seat: Membership, user) -> str | None:
    """How ``user`` gave themselves ``seat``, in words, or None if someone else gave it.

    A seat with no history (written past the models) is not known to be someone else's gift."""
    records = list(seat.history.order_by("history_date", "history_id"))
    if not records:
        return "on the programme board has no record of who added it"
    if records[0].history_user_id == user.pk:
        return "was added to the programme board by you"
    for before, after in zip(records, records[1:], strict=False):
        if after.history_user_id == user.pk and _longer(before, after):
            return "was lengthened on the programme board by you"
    return None


def sign_off_conflict(user, line: SavingLine) -> str | None:
    """Why ``user`` must not sign off ``line`` as delivered, whatever their role, or None."""
    if line.owner_id == user.pk:
        return (
            "You are the accountable owner of this saving, so you cannot sign it off. "
            "Another finance officer must certify its delivery"
        )
    if line.realised_entered_by_id is not None and line.realised_entered_by_id == user.pk:
        when = ""
        if line.realised_entered_at:
            when = f" on {formats.date_format(timezone.localdate(line.realised_entered_at), 'j F Y')}"
        return (
            f"You entered the realised figure of this saving{when}, so you cannot sign it off. "
            "Another finance officer must check it and certify its delivery"
        )
    return None


def reopen_conflict(user, line: SavingLine) -> str | None:
    """Why ``user`` must not reopen a delivered ``line``, whatever their role, or None."""
    if line.owner_id == user.pk:
        return (
            "You are the accountable owner of this saving, so you cannot reopen it. "
            "Another finance officer must reopen it, with a note saying why"
        )
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
    """A finance officer who is neither the saving's owner nor the person who entered its realised figure."""
    return permissions.can(user, "commissioning.signoff_savingline") and sign_off_conflict(user, line) is None


def can_reopen(user, line: SavingLine) -> bool:
    """A finance officer who is not the saving's owner."""
    return permissions.can(user, "commissioning.signoff_savingline") and reopen_conflict(user, line) is None


def can_manage_work_plan(user) -> bool:
    return permissions.can(user, "commissioning.change_workplanversion")


def can_set_weights(user) -> bool:
    return permissions.can(user, "commissioning.change_criterionweight")


def board_seat_holders(review: Review):
    """People with a current seat on the review's programme board."""
    if review.programme_board_id is None:
        return Membership.objects.none()
    return Membership.objects.current().filter(body_id=review.programme_board_id).select_related("person")
