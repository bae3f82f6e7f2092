"""Reads of the thread from a review to the executive: what a forward plan entry drafted from a
review starts with, and the review's entries and decisions for its pages. Every read goes through
the executive's own rules (``executive.access``): a draft entry, an unpublished decision and an
exempt part are shown only to those who may read them."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from council import calendar
from executive import access as executive_access
from executive.models import DecisionMaker, DecisionMakerKind, EntryStatus, ExecutiveDecision, ForwardPlanEntry
from executive.services.decisions import first_notice_on

from ..models import EngagementNote, Review, ReviewDecision, SavingLine, Stage

#: The gate whose decision needs the executive: at the end of Plan the option is chosen, and
#: putting it into effect (Do) is a Cabinet or Cabinet Member decision (docs/decisions/0023).
DECISION_STAGE = Stage.PLAN


def cabinet() -> DecisionMaker | None:
    """The Cabinet as a decision maker (the first listed, if Democratic Services listed two)."""
    return DecisionMaker.objects.active().filter(kind=DecisionMakerKind.CABINET).order_by("pk").first()


def entry_prefill(review: Review) -> dict:
    """What a forward plan entry drafted from ``review`` starts with: its title, first accountable
    portfolio, the wards its members spoke for, its savings claimed (whole pounds, for the key
    decision assessment) and its report as the documents to be considered."""
    portfolio = review.portfolios.order_by("title").first()
    wards = sorted(set(EngagementNote.objects.filter(review=review).values_list("ward_id", flat=True)))
    claimed = SavingLine.objects.filter(review=review).totals()["claimed"]
    author = review.lead_officer.display_with_post()
    maker = cabinet()
    return {
        "title": review.title,
        "summary": review.outcomes,
        "decision_maker": maker.pk if maker else None,
        "portfolio": portfolio.pk if portfolio else None,
        "wards": wards,
        "wards_significant": len(wards) >= 2,
        "amount_pounds": int(claimed) if claimed else None,
        "documents": f"Report of {author}: {review.title} commissioning review ({review.service_area})",
        "documents_available": "From the lead officer of the review, and published with the decision maker's agenda.",
    }


@dataclass
class ThreadDecision:
    decision: ExecutiveDecision
    wording: str
    show_exempt: bool


@dataclass
class ThreadEntry:
    link: ReviewDecision
    entry: ForwardPlanEntry
    editions: list
    decisions: list[ThreadDecision] = field(default_factory=list)
    earliest: datetime.date | None = None


def review_thread(user, review: Review, *, today: datetime.date | None = None) -> list[ThreadEntry]:
    """The review's forward plan entries that ``user`` may read, each with the editions it was
    published in and its decisions ``user`` may read (with ``call_in_wording``), oldest first.
    Four queries whatever the number of entries, editions and decisions."""
    today = today or timezone.localdate()
    show_exempt = executive_access.may_see_exempt_part(user)
    decisions = executive_access.decisions_visible(
        user, ExecutiveDecision.objects.select_related("call_in").order_by("decided_on", "pk")
    )
    links = (
        ReviewDecision.objects.filter(review=review, entry__in=executive_access.entries_visible(user))
        .select_related("entry__decision_maker__body", "entry__decision_maker__portfolio", "entry__portfolio")
        .prefetch_related(
            "entry__editions",
            Prefetch("entry__decisions", queryset=decisions, to_attr="visible_decisions"),
        )
        .order_by("linked_at", "pk")
    )
    thread = []
    for link in links:
        entry = link.entry
        editions = sorted(entry.editions.all(), key=lambda e: e.number)
        earliest = None
        if editions and entry.is_key:
            # The edition's fixed contents are the evidence (executive.services.decisions): a
            # published entry's first such edition is its notice.
            notice = first_notice_on_loaded(entry, editions)
            earliest = calendar.earliest_key_decision_day(notice) if notice else None
        thread.append(
            ThreadEntry(
                link=link,
                entry=entry,
                editions=editions,
                decisions=[
                    ThreadDecision(d, d.call_in_wording(today), show_exempt)
                    for d in entry.visible_decisions  # type: ignore[attr-defined]  # Prefetch to_attr
                ],
                earliest=earliest,
            )
        )
    return thread


def first_notice_on_loaded(entry: ForwardPlanEntry, editions: list) -> datetime.date | None:
    """``first_notice_on(entry, as_key=True)`` over editions already loaded (no query)."""
    for edition in sorted(editions, key=lambda e: (e.published_on, e.number)):
        if any(row.get("id") == entry.pk and row.get("key") for row in edition.contents.get("entries", [])):
            return edition.published_on
    return None


@dataclass
class NextDecision:
    entry: ForwardPlanEntry
    earliest: datetime.date | None


def next_decision(user, review: Review) -> NextDecision | None:
    """The review's next decision: its undecided entry (that ``user`` may read) expected soonest,
    with the earliest lawful day of a key decision once the entry is published (reg 9)."""
    entry = (
        executive_access.entries_visible(user)
        .filter(review_links__review=review, status__in=(EntryStatus.DRAFT, EntryStatus.PUBLISHED))
        .select_related("decision_maker__body", "decision_maker__portfolio")
        .order_by("expected_decision_on", "pk")
        .first()
    )
    if entry is None:
        return None
    earliest = None
    if entry.is_key and entry.status == EntryStatus.PUBLISHED:
        notice = first_notice_on(entry, as_key=True)
        earliest = calendar.earliest_key_decision_day(notice) if notice else None
    return NextDecision(entry, earliest)


# Links from the executive's pages back to the review (``executive.related``)


def _review_links(user, reviews) -> list:
    from executive.related import RelatedLink

    from .reviews import reviews_visible_to

    visible = reviews_visible_to(user).filter(pk__in=reviews).order_by("title")
    return [RelatedLink("Commissioning review", review.title, review.get_absolute_url()) for review in visible]


def entry_related(user, entry: ForwardPlanEntry) -> list:
    """The reviews an entry was drafted from, for those who may read them (the public: none), and
    the work plan version approved under it."""
    from executive.related import RelatedLink

    from .workplan import versions_visible_to

    links = _review_links(user, ReviewDecision.objects.filter(entry=entry).values("review"))
    versions = versions_visible_to(user).filter(forward_plan_entry=entry).order_by("number")
    return links + [RelatedLink("Commissioning Work Plan", str(v), v.get_absolute_url()) for v in versions]


def decision_related(user, decision: ExecutiveDecision) -> list:
    """The reviews a decision's entry was drafted from, and the work plan version it approved."""
    from executive.related import RelatedLink

    from .workplan import versions_visible_to

    links = []
    if decision.entry_id is not None:
        links = _review_links(user, ReviewDecision.objects.filter(entry_id=decision.entry_id).values("review"))
    versions = versions_visible_to(user).filter(transitions__decision=decision).distinct().order_by("number")
    return links + [RelatedLink("Commissioning Work Plan", str(v), v.get_absolute_url()) for v in versions]
