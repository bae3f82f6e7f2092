"""Reads about supporting documents and exempt papers (LGA 1972 Part VA, Schedule 12A)."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from members.models import Officer

from .. import access
from ..models import ExemptDocumentAccess, Meeting, SupportingDocument


def documents_by_item(user, meeting: Meeting, *, can_manage: bool, may_see: set[int] | None = None) -> dict[int, list]:
    """The documents ``user`` may open, as {item id: [document]}, in a fixed number of queries.

    Exempt papers a person may not open are not loaded at all: their titles, sizes and page counts
    are for those who may open them; the others see the item's title and its paragraph only.
    ``may_see``: ``access.exempt_readable_ids(user, meeting)`` if the caller has it already."""

    documents = SupportingDocument.objects.filter(item__meeting=meeting)
    if not can_manage:
        if may_see is None:
            may_see = access.exempt_readable_ids(user, meeting)
        documents = documents.filter(item__published_in__isnull=False).filter(
            Q(item__exempt=False) | Q(item__in=may_see)
        )
    grouped: dict[int, list] = {}
    for document in documents.order_by("item__position", "position"):
        grouped.setdefault(document.item_id, []).append(document)
    return grouped


def officers():
    """Council staff, for need-to-know grants on exempt papers."""
    return (
        get_user_model()
        .objects.filter(officer__in=Officer.objects.in_use(), is_active=True)
        .select_related("officer")
        .order_by("last_name", "first_name")
    )


def exempt_accesses(meeting: Meeting):

    return (
        ExemptDocumentAccess.objects.filter(item__meeting=meeting)
        .select_related("person", "item", "pack_version")
        .order_by("-opened_at", "-pk")
    )
