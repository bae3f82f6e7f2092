"""Reads of the forward plan: the current edition as published, editions, and draft entries."""

import datetime

from django.db.models import QuerySet

from .. import access
from ..models import EntryStatus, ForwardPlanEdition, ForwardPlanEntry


def current_forward_plan() -> ForwardPlanEdition | None:
    """The latest published edition: the public page shows exactly what it fixed (one query)."""
    return ForwardPlanEdition.objects.latest_first().first()


def editions_for_list() -> QuerySet:
    return ForwardPlanEdition.objects.latest_first().defer("contents")


def drafts_for(user) -> QuerySet:
    """Draft entries, for those who may read them (officers, Democratic Services)."""
    drafts = ForwardPlanEntry.objects.filter(status=EntryStatus.DRAFT)
    return access.entries_visible(user, drafts).for_list() if access.can_draft_entry(user) else drafts.none()


def edition_rows(edition: ForwardPlanEdition) -> list[dict]:
    """The entries an edition fixed, as published (dates read back as dates for the page)."""
    rows = []
    for entry in edition.contents["entries"]:
        row = dict(entry)
        row["expected_decision_on"] = datetime.date.fromisoformat(entry["expected_decision_on"])
        rows.append(row)
    return rows


def forward_plan_packs_box(user, edition: ForwardPlanEdition):
    """The edition's PDF for everyone, and the build for those who publish the forward plan: two
    queries at most."""
    from council.packs.selectors import packs_box

    from .. import packs

    editions = [name for name in packs.editions(edition) if packs.can_download(user, edition, name)]
    buildable = [name for name in editions if packs.can_build(user, edition, name)]
    return packs_box(packs.KIND, edition, editions=editions, buildable=buildable)
