"""Writes on the forward plan: draft and edit entries, assess them as key, publish editions."""

import datetime
import hashlib
import json
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from council.errors import RuleError
from council.history import saved_by
from members.models import Ward

from .. import access
from ..models import EntryStatus, ForwardPlanEdition, ForwardPlanEntry, KeyReason

#: The fields an officer fills in on an entry (the rest are the service's).
ENTRY_FIELDS = (
    "title",
    "summary",
    "decision_maker",
    "portfolio",
    "expected_decision_on",
    "documents",
    "documents_available",
    "private",
    "exempt_paragraph",
    "private_reasons",
    "amount_pounds",
    "wards_significant",
    "officer_key_reason",
)


def key_decision_assessment(
    *, amount_pounds: int | Decimal | None, wards_significant: bool, ward_count: int, officer_key_reason: str = ""
) -> tuple[bool, KeyReason]:
    """Is it a key decision (the 2012 Regulations reg 8), and why?

    Key when the likely expenditure or savings reach ``KEY_DECISION_THRESHOLD_POUNDS`` (the
    threshold itself counts: councils set it as "£500,000 or more"); or when it is significant in
    its effects on communities living or working in an area of two or more wards (both: the
    officer's judgement that it is significant, and two or more wards named); or when the officer
    gives another reason. The first reason that applies is the one recorded."""
    if amount_pounds is not None and amount_pounds >= settings.KEY_DECISION_THRESHOLD_POUNDS:
        return True, KeyReason.EXPENDITURE
    if wards_significant and ward_count >= 2:
        return True, KeyReason.WARDS
    if officer_key_reason.strip():
        return True, KeyReason.OFFICER
    return False, KeyReason.NOT_KEY


def _assess(entry: ForwardPlanEntry) -> None:
    entry.is_key, entry.key_reason = key_decision_assessment(
        amount_pounds=entry.amount_pounds,
        wards_significant=entry.wards_significant,
        ward_count=entry.wards.count(),
        officer_key_reason=entry.officer_key_reason,
    )


def _check(entry: ForwardPlanEntry) -> None:
    if entry.private and (entry.exempt_paragraph is None or not entry.private_reasons.strip()):
        raise RuleError(
            "A decision to be taken in private needs its Schedule 12A paragraph and the reasons (reg 5)",
            field="private_reasons",
        )
    if not entry.private:
        entry.exempt_paragraph, entry.private_reasons = None, ""


@transaction.atomic
def entry_draft(*, by, wards: Iterable[Ward] = (), **fields) -> ForwardPlanEntry:
    """An officer drafts a forward plan entry; it is assessed as key (or not) at once."""
    entry = ForwardPlanEntry(drafted_by=by, **{name: fields[name] for name in ENTRY_FIELDS if name in fields})
    _check(entry)
    saved_by(entry, by, "Forward plan entry drafted")
    entry.wards.set(wards)
    _assess(entry)
    saved_by(entry, by, "Key decision assessed")
    return entry


@transaction.atomic
def entry_update(*, entry: ForwardPlanEntry, by, wards: Iterable[Ward] | None = None, **fields) -> ForwardPlanEntry:
    """Change a draft or published entry (its history keeps each earlier date); a published entry's
    change is public with the next edition."""
    entry = ForwardPlanEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status not in (EntryStatus.DRAFT, EntryStatus.PUBLISHED):
        raise RuleError(f"A {entry.get_status_display().lower()} entry cannot be changed")
    for name in ENTRY_FIELDS:
        if name in fields:
            setattr(entry, name, fields[name])
    _check(entry)
    if wards is not None:
        entry.wards.set(wards)
    _assess(entry)
    saved_by(entry, by, "Forward plan entry changed")
    return entry


@transaction.atomic
def entry_assess_key(*, entry: ForwardPlanEntry, by) -> ForwardPlanEntry:
    """Record again whether the entry is key and why, from its answers (after a threshold change)."""
    _assess(entry)
    return saved_by(entry, by, "Key decision assessed")


@transaction.atomic
def entry_withdraw(*, entry: ForwardPlanEntry, by) -> ForwardPlanEntry:
    if entry.status not in (EntryStatus.DRAFT, EntryStatus.PUBLISHED):
        raise RuleError(f"A {entry.get_status_display().lower()} entry cannot be withdrawn")
    entry.status = EntryStatus.WITHDRAWN
    return saved_by(entry, by, "Forward plan entry withdrawn")


def entry_contents(entry: ForwardPlanEntry) -> dict:
    """What the notice of a key decision says (reg 9(1)): fixed in each edition."""
    return {
        "id": entry.pk,
        "matter": entry.title,
        "summary": entry.summary,
        "decision_maker": str(entry.decision_maker),
        "portfolio": entry.portfolio.title if entry.portfolio is not None else "",
        "wards": sorted(ward.name for ward in entry.wards.all()),
        "expected_decision_on": entry.expected_decision_on.isoformat(),
        "documents": entry.documents,
        "documents_available": entry.documents_available,
        "private": entry.private,
        "exempt_paragraph": entry.exempt_paragraph,
        "private_reasons": entry.private_reasons,
        "key": entry.is_key,
        "key_reason": str(KeyReason(entry.key_reason).label) if entry.key_reason else "",
    }


def edition_bytes(contents: dict) -> bytes:
    """The exact bytes an edition's SHA-256 is taken over."""
    return json.dumps(contents, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@transaction.atomic
def forward_plan_publish(
    *, by, include: Iterable[ForwardPlanEntry] = (), now: datetime.datetime | None = None
) -> ForwardPlanEdition:
    """Democratic Services publishes the forward plan: the drafts in ``include`` join it, and every
    published entry not yet decided or withdrawn is fixed, as it now stands, in a new immutable
    edition with the SHA-256 of its contents. The edition's date starts each entry's 28 clear days."""
    if not access.can_publish_edition(by):
        raise RuleError("Only Democratic Services publish the forward plan")
    now = now or timezone.now()
    published_on = timezone.localdate(now)
    for entry in ForwardPlanEntry.objects.select_for_update().filter(pk__in=[e.pk for e in include]):
        if entry.status != EntryStatus.DRAFT:
            continue
        entry.status = EntryStatus.PUBLISHED
        saved_by(entry, by, "Published in the forward plan")
    entries = list(ForwardPlanEntry.objects.published().for_list())
    if not entries:
        raise RuleError("There is nothing to publish: choose the draft entries to include")
    number = (ForwardPlanEdition.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    contents = {
        "edition": number,
        "published_on": published_on.isoformat(),
        "entries": [entry_contents(entry) for entry in entries],
    }
    edition = ForwardPlanEdition(
        number=number,
        published_at=now,
        published_on=published_on,
        published_by=by,
        contents=contents,
        sha256=hashlib.sha256(edition_bytes(contents)).hexdigest(),
    )
    saved_by(edition, by, "Forward plan published")
    edition.entries.set(entries)
    _queue_pdf(edition, by=by)
    return edition


def _queue_pdf(edition: ForwardPlanEdition, *, by) -> None:
    """The edition's PDF: its build is recorded in the publication's transaction (so a publication
    that rolls back queues nothing, and one that commits always has its build) and sent to the
    worker after the commit; a broker that is down delays it (``council.packs`` sends it again)."""
    from council.packs.services import request_build

    from .. import packs

    request_build(packs.KIND, edition, packs.PUBLIC, by=by)
