"""Each run of the import: who, from what, what it found, how far it has gone."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from council.history import tracked


class RunStatus(models.TextChoices):
    PREVIEWED = "previewed", "Waiting for confirmation"
    REFUSED = "refused", "Refused"
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Failed"


class ImportRunQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("by").order_by("-created_at")


class ImportRun(models.Model):
    """One import: a preview (a trial that writes nothing), then, once confirmed, the real run."""

    source = models.CharField("source", max_length=500)
    site = models.CharField("ModernGov site", max_length=200, blank=True)
    status = models.CharField("status", max_length=20, choices=RunStatus, default=RunStatus.PREVIEWED)
    with_documents = models.BooleanField("fetch the documents", default=False)
    dry_run = models.BooleanField("trial only", default=False)
    counts = models.JSONField("what was created, changed or left", default=dict, blank=True)
    messages = models.JSONField("messages", default=list, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="imported by",
    )
    created_at = models.DateTimeField("started at", default=timezone.now)
    finished_at = models.DateTimeField("finished at", null=True, blank=True)
    history = tracked()

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "ModernGov import"

    def __str__(self):
        return f"Import from {self.site or self.source}, {timezone.localtime(self.created_at):%d %B %Y %H:%M}"

    def get_absolute_url(self):
        return reverse("moderngov:run-detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.REFUSED, RunStatus.DONE, RunStatus.FAILED)


def import_file_path(import_file: "ImportFile", filename: str) -> str:
    return timezone.now().strftime(f"moderngov/%Y/%m/{uuid.uuid4().hex}.xml")


class ImportFile(models.Model):
    """An uploaded mgWebService response, kept with its run: what was imported can be read again."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="files")
    name = models.CharField("file name", max_length=250)
    file = models.FileField("file", upload_to=import_file_path, max_length=200)
    size = models.PositiveBigIntegerField("size in bytes")
    history = tracked()

    class Meta:
        ordering = ["run", "name"]

    def __str__(self):
        return self.name
