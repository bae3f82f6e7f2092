"""The thread from a review to the executive: an officer drafts a forward plan entry from a review,
through the executive's own ``entry_draft``, linked to the review in the same transaction."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction

from council.errors import RuleError
from council.history import saved_by
from executive import access as executive_access
from executive.models import EntryStatus, ForwardPlanEntry
from executive.services import entry_draft
from members.models import Ward

from .. import access
from ..models import Review, ReviewDecision, WorkPlanVersion
from ..models.reviews import OPEN_STATUSES


def may_draft_entry(user, review: Review) -> bool:
    """Those who may draft a forward plan entry and may change the review (docs/permissions.md,
    ``reviews.draft-forward-plan-entry``)."""
    return executive_access.can_draft_entry(user) and access.can_edit(user, review)


@transaction.atomic
def review_entry_draft(*, review: Review, by, wards: Iterable[Ward] = (), **fields) -> ReviewDecision:
    """Draft a forward plan entry from ``review`` (``executive.services.entry_draft``, which assesses
    it as key or not) and link it to the review: both or neither."""
    if not may_draft_entry(by, review):
        raise PermissionDenied("Only those who may change the review and draft forward plan entries")
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status not in OPEN_STATUSES:
        raise RuleError(f"The review is {review.get_status_display().lower()}: it leads to no new decision")
    entry = entry_draft(by=by, wards=wards, **fields)
    return saved_by(
        ReviewDecision(review=review, entry=entry, stage=review.stage, linked_by=by),
        by,
        f"Forward plan entry drafted from the review: {entry.title}",
    )


@transaction.atomic
def workplan_entry_link(*, version: WorkPlanVersion, entry: ForwardPlanEntry | None, by) -> WorkPlanVersion:
    """Name the forward plan entry under which Cabinet will approve a draft version (reg 9): its
    approval is then refused until 28 clear days after the entry was first published."""
    if not access.can_manage_work_plan(by):
        raise PermissionDenied("Only those who manage the work plan")
    version = WorkPlanVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_frozen:
        raise RuleError(f"Version {version.number} is {version.state_phrase}, so it can no longer change")
    if entry is not None and entry.status in (EntryStatus.DECIDED, EntryStatus.WITHDRAWN):
        raise RuleError(f"That entry is {entry.get_status_display().lower()}", field="entry")
    version.forward_plan_entry = entry
    reason = f"Forward plan entry: {entry.title}" if entry else "Forward plan entry unlinked"
    return saved_by(version, by, reason)
