"""Pack builds and the versions they store: the record of what was published, kept for ever."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from council.history import tracked


class BuildStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Rendering"
    MERGING = "merging", "Merging"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


UNFINISHED = (BuildStatus.QUEUED, BuildStatus.RENDERING, BuildStatus.MERGING)


class PackQuerySet(models.QuerySet):
    def of(self, kind_name: str, obj_pk, edition: str):
        return self.filter(kind=kind_name, object_id=str(obj_pk), edition=edition)


class PackBuild(models.Model):
    """One request to build one edition of one object's pack, and what became of it.

    ``inputs`` summarises what it was built from (each part's key, kind and fingerprint, and its
    pages once known); ``inputs_hash`` fingerprints all of it, so identical inputs are recognised.
    """

    kind = models.CharField("kind of pack", max_length=50)
    object_id = models.CharField("object", max_length=64)
    edition = models.CharField("edition", max_length=50)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="requested by",
    )
    requested_at = models.DateTimeField("requested", default=timezone.now)
    inputs = models.JSONField("inputs", default=dict, blank=True)
    inputs_hash = models.CharField("inputs fingerprint", max_length=64, blank=True)
    status = models.CharField("status", max_length=20, choices=BuildStatus, default=BuildStatus.QUEUED)
    progress = models.CharField("progress", max_length=200, blank=True)
    error = models.TextField("error", blank=True)
    started_at = models.DateTimeField("started", null=True, blank=True)
    finished_at = models.DateTimeField("finished", null=True, blank=True)
    heartbeat_at = models.DateTimeField("last sign of work", null=True, blank=True)
    attempts = models.PositiveIntegerField("attempts", default=0)
    # The claim: the worker building it holds it until then, and pushes it on while it works (each
    # step's progress, and a timer during a long step); once past, the sweeper queues it again.
    lease_expires_at = models.DateTimeField("lease runs out", null=True, blank=True)
    # Why it was queued again, for the clerk ("Retried: the worker building it stopped (attempt 2)").
    retried_because = models.CharField("retried because", max_length=200, blank=True)
    version = models.ForeignKey(
        "council.PackVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="version",
    )

    objects = PackQuerySet.as_manager()
    history = tracked()

    class Meta:
        verbose_name = "pack build"
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["kind", "object_id", "edition", "status"], name="packbuild_pack_status")]

    def __str__(self):
        return f"Build {self.pk} of {self.kind} {self.object_id} ({self.edition}): {self.get_status_display()}"

    @property
    def finished(self) -> bool:
        return self.status in (BuildStatus.DONE, BuildStatus.FAILED)


class PackVersion(models.Model):
    """A built pack, stored under a name of its own and never overwritten or deleted."""

    kind = models.CharField("kind of pack", max_length=50)
    object_id = models.CharField("object", max_length=64)
    edition = models.CharField("edition", max_length=50)
    number = models.PositiveIntegerField("version")
    file = models.FileField("file", max_length=300)
    filename = models.CharField("download name", max_length=200)
    title = models.CharField("title", max_length=300)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField("size in bytes")
    pages = models.PositiveIntegerField("pages")
    # [first, last] page ranges of the parts that carry a stamp (a confidential pack's exempt pages);
    # null for a version stored before they were recorded.
    marked_pages = models.JSONField("pages with a stamp", null=True, blank=True)
    inputs_hash = models.CharField("inputs fingerprint", max_length=64)
    built_from = models.ForeignKey(PackBuild, on_delete=models.PROTECT, related_name="+", verbose_name="built from")
    created_at = models.DateTimeField("created", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="created by",
    )

    objects = PackQuerySet.as_manager()
    history = tracked()

    class Meta:
        verbose_name = "pack version"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "edition", "number"], name="packversion_unique_number"
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="packversion_number_from_one"),
        ]

    def __str__(self):
        return f"{self.title}, version {self.number}"

    def marked_page_numbers(self) -> list[int] | None:
        """The page numbers (from 1) of the parts that carry a stamp; None if not recorded."""
        if self.marked_pages is None:
            return None
        return [number for first, last in self.marked_pages for number in range(first, last + 1)]

    @property
    def sha256_chunks(self) -> list[str]:
        """The fingerprint in groups of eight, so a narrow screen can wrap it between groups."""
        return [self.sha256[i : i + 8] for i in range(0, len(self.sha256), 8)]


def marked_ranges(parts: list[dict]) -> list[list[int]] | None:
    """From a build's ``inputs["parts"]`` (each with its stamp, first page and page count): the
    [first, last] page ranges of the parts that carry a stamp, neighbours joined; None if any
    part's pages are unknown."""
    ranges: list[list[int]] = []
    for part in parts:
        if "stamp" not in part or not part.get("first_page") or not part.get("pages"):
            return None
        if not part["stamp"]:
            continue
        first, last = part["first_page"], part["first_page"] + part["pages"] - 1
        if ranges and ranges[-1][1] + 1 == first:
            ranges[-1][1] = last
        else:
            ranges.append([first, last])
    return ranges
