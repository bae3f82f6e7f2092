"""Keeping the search index current: each searchable record written as rows of ``SearchEntry``.

``index_record`` rewrites the rows of one record (called when it is saved, ``record.signals``),
``unindex_record`` removes them (when it is deleted), and ``index_rebuild`` rewrites the whole
table (nightly, and ``manage.py search_index``). The rows hold everything a record says, exempt
or not, and whether the public may see it (``public``), asked of the source app's own rule (the
selector's ``public_sources``) when the rows are written; rows derived from a record (a meeting's
items, minutes and papers) have theirs asked again when it is saved. The flag only narrows the
search: every hit shown is asked the live rule again (``record.selectors.search.page_hits``).
"""

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import DatabaseError, connection, models, transaction
from django.db.models.expressions import CombinedExpression
from django.urls import reverse
from django.utils import timezone

from commissioning.models import Review
from executive.models import ExecutiveDecision, ForwardPlanEntry
from members.models import Consultation
from scrutiny.models import (
    AgendaItem,
    DocumentPageText,
    Meeting,
    Minute,
    Recommendation,
    Resolution,
    SupportingDocument,
)

from ..models import EntryKind, GrantsChange, SearchEntry
from ..selectors.search import public_sources

logger = logging.getLogger(__name__)

BATCH = 2000


@dataclass(frozen=True)
class Row:
    kind: str
    object_id: int
    title: str
    text: str
    url: str
    body_id: int | None
    date: Any
    page: int = 0

    def entry(self) -> SearchEntry:
        return SearchEntry(
            kind=self.kind,
            object_id=self.object_id,
            page=self.page,
            title=self.title[:300],
            text=self.text,
            url=self.url[:300],
            body_id=self.body_id,
            date=self.date,
        )


def _lines(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


def _meeting_date(meeting: Meeting):
    return timezone.localdate(meeting.starts_at)


def meeting_rows(meetings: Iterable[Meeting]) -> Iterator[Row]:
    for meeting in meetings:
        date = _meeting_date(meeting)
        yield Row(
            EntryKind.MEETING,
            meeting.pk,
            f"{meeting.body.name}, {date:%-d %B %Y}",
            _lines(meeting.venue, meeting.get_status_display(), meeting.cancelled_reason),
            meeting.get_absolute_url(),
            meeting.body_id,
            date,
        )


def item_rows(items: Iterable[AgendaItem]) -> Iterator[Row]:
    for item in items:
        yield Row(
            EntryKind.ITEM,
            item.pk,
            item.title,
            _lines(item.subjects, item.organisations, item.urgent_reason),
            item.meeting.get_absolute_url(),
            item.meeting.body_id,
            _meeting_date(item.meeting),
        )


def minute_rows(minutes: Iterable[Minute]) -> Iterator[Row]:
    for minute in minutes:
        meeting = minute.item.meeting
        yield Row(
            EntryKind.MINUTE,
            minute.pk,
            f"Minute: {minute.item.title}",
            minute.text,
            reverse("scrutiny:minutes", args=[meeting.pk]),
            meeting.body_id,
            _meeting_date(meeting),
        )


def resolution_rows(resolutions: Iterable[Resolution]) -> Iterator[Row]:
    for resolution in resolutions:
        meeting = resolution.minute.item.meeting
        yield Row(
            EntryKind.RESOLUTION,
            resolution.pk,
            f"Resolution: {resolution.minute.item.title}",
            resolution.text,
            reverse("scrutiny:minutes", args=[meeting.pk]),
            meeting.body_id,
            _meeting_date(meeting),
        )


def recommendation_rows(recommendations: Iterable[Recommendation]) -> Iterator[Row]:
    for recommendation in recommendations:
        meeting = recommendation.resolution.minute.item.meeting
        yield Row(
            EntryKind.RECOMMENDATION,
            recommendation.pk,
            f"Recommendation to {recommendation.to_whom}",
            _lines(recommendation.text, recommendation.response_text),
            recommendation.get_absolute_url(),
            meeting.body_id,
            recommendation.made_on,
        )


def page_rows(pages: Iterable[DocumentPageText]) -> Iterator[Row]:
    for page in pages:
        document = page.document
        meeting = document.item.meeting
        url = reverse("scrutiny:document-open", args=[meeting.pk, document.pk])
        yield Row(
            EntryKind.PAGE,
            document.pk,
            document.title,
            page.text,
            f"{url}#page={page.number}",
            meeting.body_id,
            _meeting_date(meeting),
            page=page.number,
        )


def decision_rows(decisions: Iterable[ExecutiveDecision]) -> Iterator[Row]:
    for decision in decisions:
        body_id = decision.decision_maker.body_id
        url = decision.get_absolute_url()
        yield Row(
            EntryKind.DECISION,
            decision.pk,
            decision.title,
            _lines(decision.decision, decision.reasons, decision.alternatives_rejected),
            url,
            body_id,
            decision.decided_on,
        )
        if decision.exempt_part:
            yield Row(
                EntryKind.DECISION_EXEMPT,
                decision.pk,
                f"{decision.title} (exempt part)",
                decision.exempt_part,
                url,
                body_id,
                decision.decided_on,
            )


def forward_plan_rows(entries: Iterable[ForwardPlanEntry]) -> Iterator[Row]:
    for entry in entries:
        yield Row(
            EntryKind.FORWARD_PLAN,
            entry.pk,
            entry.title,
            _lines(entry.summary, entry.documents),
            entry.get_absolute_url(),
            entry.decision_maker.body_id,
            entry.expected_decision_on,
        )


def consultation_rows(consultations: Iterable[Consultation]) -> Iterator[Row]:
    for consultation in consultations:
        yield Row(
            EntryKind.CONSULTATION,
            consultation.pk,
            consultation.title,
            consultation.purpose,
            # The public page where there is one: the owner's page needs a sign-in.
            reverse("members:consultation-public", args=[consultation.pk])
            if consultation.public
            else consultation.get_absolute_url(),
            None,
            timezone.localdate(consultation.opens_at),
        )


def review_rows(reviews: Iterable[Review]) -> Iterator[Row]:
    for review in reviews:
        yield Row(
            EntryKind.REVIEW,
            review.pk,
            review.title,
            _lines(review.service_area, review.directorate, review.scope, review.outcomes),
            review.get_absolute_url(),
            None,
            timezone.localdate(review.created_at),
        )


@dataclass(frozen=True)
class Source:
    """A searchable model: the kinds of row it gives, how to load it, and how to write its rows."""

    model: type[models.Model]
    kinds: tuple[str, ...]
    queryset: Callable[[], models.QuerySet]
    rows: Callable[[Iterable[Any]], Iterator[Row]]
    #: The field of the loaded row that names the entry's ``object_id`` (a page: its document).
    id_field: str = "pk"


SOURCES: tuple[Source, ...] = (
    Source(Meeting, (EntryKind.MEETING,), lambda: Meeting.objects.select_related("body"), meeting_rows),
    Source(AgendaItem, (EntryKind.ITEM,), lambda: AgendaItem.objects.select_related("meeting"), item_rows),
    Source(Minute, (EntryKind.MINUTE,), lambda: Minute.objects.select_related("item__meeting"), minute_rows),
    Source(
        Resolution,
        (EntryKind.RESOLUTION,),
        lambda: Resolution.objects.select_related("minute__item__meeting"),
        resolution_rows,
    ),
    Source(
        Recommendation,
        (EntryKind.RECOMMENDATION,),
        lambda: Recommendation.objects.select_related("resolution__minute__item__meeting"),
        recommendation_rows,
    ),
    Source(
        SupportingDocument,
        (EntryKind.PAGE,),
        lambda: DocumentPageText.objects.select_related("document__item__meeting"),
        page_rows,
        id_field="document_id",
    ),
    Source(
        ExecutiveDecision,
        (EntryKind.DECISION, EntryKind.DECISION_EXEMPT),
        lambda: ExecutiveDecision.objects.select_related("decision_maker"),
        decision_rows,
    ),
    Source(
        ForwardPlanEntry,
        (EntryKind.FORWARD_PLAN,),
        lambda: ForwardPlanEntry.objects.select_related("decision_maker"),
        forward_plan_rows,
    ),
    Source(Consultation, (EntryKind.CONSULTATION,), lambda: Consultation.objects.all(), consultation_rows),
    Source(Review, (EntryKind.REVIEW,), lambda: Review.objects.all(), review_rows),
)
_BY_MODEL = {source.model: source for source in SOURCES}


def _vector() -> CombinedExpression:
    return SearchVector("title", weight="A", config="english") + SearchVector("text", weight="B", config="english")


def _write(rows: Iterable[Row]) -> int:
    """Insert the rows in batches, then compute their vectors in the database (PostgreSQL)."""
    written = 0
    batch: list[SearchEntry] = []
    for row in rows:
        batch.append(row.entry())
        if len(batch) >= BATCH:
            written += _insert(batch)
            batch = []
    if batch:
        written += _insert(batch)
    return written


def _insert(batch: list[SearchEntry]) -> int:
    created = SearchEntry.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        SearchEntry.objects.filter(pk__in=[entry.pk for entry in created]).update(vector=_vector())
    return len(created)


def _mark_public(entries: models.QuerySet, kinds: Iterable[str] | None = None) -> None:
    """Store on ``entries`` (of ``kinds``, if named) whether the public may see each one's source
    record: one UPDATE per kind, whatever the number of rows."""
    entries.filter(public=True).update(public=False)
    # Only the kinds asked about have their rule built: building every kind's costs tens of
    # milliseconds of Python, and a record's save indexes it (and its derived rows) this way.
    for kind, visible in public_sources(kinds).items():
        entries.filter(kind=kind, object_id__in=visible.values("pk")).update(public=True)


# The rows whose visibility follows a record's (a meeting's status and publication, an item's
# exemption, a minute's confirmation): for each, the model and the path from it to the record.
_DERIVED: dict[type[models.Model], tuple[tuple[str, type[models.Model], str], ...]] = {
    Meeting: (
        (EntryKind.ITEM, AgendaItem, "meeting"),
        (EntryKind.MINUTE, Minute, "item__meeting"),
        (EntryKind.RESOLUTION, Resolution, "minute__item__meeting"),
        (EntryKind.RECOMMENDATION, Recommendation, "resolution__minute__item__meeting"),
        (EntryKind.PAGE, SupportingDocument, "item__meeting"),
    ),
    AgendaItem: (
        (EntryKind.MINUTE, Minute, "item"),
        (EntryKind.RESOLUTION, Resolution, "minute__item"),
        (EntryKind.RECOMMENDATION, Recommendation, "resolution__minute__item"),
        (EntryKind.PAGE, SupportingDocument, "item"),
    ),
    Minute: (
        (EntryKind.RESOLUTION, Resolution, "minute"),
        (EntryKind.RECOMMENDATION, Recommendation, "resolution__minute"),
    ),
    Resolution: ((EntryKind.RECOMMENDATION, Recommendation, "resolution"),),
}


@transaction.atomic
def index_public() -> None:
    """Ask again, for every row, whether the public may see it (after migration 0004, or to
    correct flags left stale by changes made with ``QuerySet.update``)."""
    _mark_public(SearchEntry.objects.all())


def _mark_derived_public(record: models.Model) -> None:
    for kind, model, path in _DERIVED.get(type(record), ()):
        rows = model._default_manager.filter(**{path: record.pk}).values("pk")
        _mark_public(SearchEntry.objects.filter(kind=kind, object_id__in=rows), kinds=(kind,))


def is_searchable(model: type[models.Model]) -> bool:
    return model in _BY_MODEL


@transaction.atomic
def index_record(*, record: models.Model, created: bool = False) -> int:
    """Rewrite the search rows of ``record`` from what it says now (a supporting document: the
    rows of each of its pages); returns how many rows it has. ``created``: the record is new, so
    no other record refers to it yet and there are no derived rows to mark."""
    source = _BY_MODEL[type(record)]
    SearchEntry.objects.filter(kind__in=source.kinds, object_id=record.pk).delete()
    loaded = source.queryset().filter(**{source.id_field: record.pk})
    written = _write(source.rows(loaded))
    _mark_public(SearchEntry.objects.filter(kind__in=source.kinds, object_id=record.pk), kinds=source.kinds)
    if not created:
        _mark_derived_public(record)
    return written


@transaction.atomic
def unindex_record(*, model: type[models.Model], pk: int) -> None:
    """Remove the search rows of a deleted record."""
    SearchEntry.objects.filter(kind__in=_BY_MODEL[model].kinds, object_id=pk).delete()


def index_rebuild() -> int:
    """Rewrite the whole index from the records (one transaction: searches see the old index until
    the new one is complete); returns the number of rows."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        written = sum(_write(source.rows(source.queryset().iterator(chunk_size=BATCH))) for source in SOURCES)
        index_public()
    # Only the newest change is read (the version); the rows before it are of no more use.
    newest = GrantsChange.objects.order_by("-pk").values_list("pk", flat=True).first()
    if newest is not None:
        GrantsChange.objects.filter(pk__lt=newest).delete()
    return written


def _bump_grants_version() -> None:
    """A new version (``GrantsChange``): one INSERT, which locks nothing another change waits on."""
    GrantsChange.objects.create()


def _bump_grants_version_after_commit() -> None:
    try:
        _bump_grants_version()
    except DatabaseError:  # the database went away just after the commit: the hour's expiry bounds it
        logger.exception("Search: the grants version could not be moved on after a commit")


def grants_changed() -> None:
    """Something a person's search rules are read from has changed (a grant, a group, a seat, a
    term, an agenda item): the lists kept between searches (``selectors.search.GrantLists``) are
    not used again. A new version in the change's own transaction (a search later in it sees the
    change), and another once it commits: ids are handed out in the order changes start, not the
    order they commit, so lists read under a later change's version before this one committed must
    not outlive this commit."""
    _bump_grants_version()
    transaction.on_commit(_bump_grants_version_after_commit)
