"""The search index: one row per searchable thing (a PDF's page is a thing of its own).

The rows are derived: each is rewritten from its source record when that record is saved
(``record.signals``) and the whole table is rebuilt nightly (``record.tasks.rebuild_search_index``).
Whether the public may see a row is stored with it (``public``, from the owning app's rule when the
row is written) to find candidates fast; the owning app's live rule is still asked of every hit
shown (``record.selectors.search.page_hits``), so a stale flag can hide a row, never show one
(decision 0031).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone


class EntryKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    ITEM = "item", "Agenda item"
    MINUTE = "minute", "Minute"
    RESOLUTION = "resolution", "Resolution"
    RECOMMENDATION = "recommendation", "Recommendation"
    PAGE = "page", "Report"
    DECISION = "decision", "Decision"
    DECISION_EXEMPT = "decision-exempt", "Decision (exempt part)"
    FORWARD_PLAN = "forward-plan", "Forward plan"
    CONSULTATION = "consultation", "Consultation"
    REVIEW = "review", "Commissioning review"


class SearchEntry(models.Model):
    """One searchable thing: ``kind`` names its source model and ``object_id`` its row (for a
    report's page, the supporting document, with ``page`` its number; 0 for everything else)."""

    kind = models.CharField("kind", max_length=20, choices=EntryKind)
    object_id = models.PositiveBigIntegerField("record")
    page = models.PositiveIntegerField("page", default=0)
    title = models.CharField("title", max_length=300)
    text = models.TextField("text", blank=True)
    url = models.CharField("address", max_length=300)
    body = models.ForeignKey(
        "members.Body", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="committee"
    )
    date = models.DateField("date", null=True, blank=True)
    # English stemming; the title weighs more than the text. Filled by ``record.services.search``
    # on PostgreSQL (SQLite has no full-text search: the selector falls back to a plain match).
    vector = SearchVectorField(null=True, editable=False)
    indexed_at = models.DateTimeField("indexed at", default=timezone.now)
    # Whether the public may see the source record, by the owning app's own rule, stored when the
    # row is written (``record.services.search``) so that the public's search asks no sub-query.
    # Never trusted alone: the page's hits are asked the live rule again (decision 0031).
    public = models.BooleanField("shown to the public", default=False)

    class Meta:
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "page"], name="one_search_entry_per_thing"),
        ]
        # The GIN index on ``vector`` is PostgreSQL's own (record.models.search_index), so that the
        # migrations still run on SQLite for ``make run``.
        indexes = [models.Index(fields=["kind", "date"], name="search_entry_kind_date")]

    def __str__(self):
        return self.title


class GrantsChange(models.Model):
    """One row each time something a person's search rules are read from changed (a grant, a group,
    a seat, a term, an agenda item): the newest row's id is the version under which a person's lists
    are kept in the cache between searches (``record.selectors.search.GrantLists``, decision 0031).

    In the database, not the cache, so that a change is never forgotten: a version kept in Redis
    could be lost with Redis or a network partition while a grant was revoked, and the revoked
    person's lists used again once Redis answered. Insert-only (no row is locked by a change, so two
    changes never wait on each other); the nightly index rebuild keeps only the newest row."""

    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "change to search grants"

    def __str__(self):
        return f"Search grants version {self.pk}"
