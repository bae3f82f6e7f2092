"""Supporting documents on agenda items, and the record of who opened exempt papers."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from council.history import tracked
from council.permissions import UserGrants

from .agenda import AgendaItem


class DocumentKind(models.TextChoices):
    REPORT = "report", "Report"
    APPENDIX = "appendix", "Appendix"
    OTHER = "other", "Other"


def document_path(document: "SupportingDocument", filename: str) -> str:
    # A random name: the stored path must not reveal or let anyone guess an exempt paper's title.
    suffix = PurePath(filename).suffix.lower()[:10]
    return timezone.now().strftime(f"documents/%Y/%m/{uuid.uuid4().hex}{suffix}")


class SupportingDocument(models.Model):
    """A report, appendix or other paper under an agenda item. Its content is checked when uploaded
    and fingerprinted (SHA-256) so that a publication can prove what it contained. A PDF is stored
    without its active content (``council.active_content``); ``original_sha256`` is the fingerprint
    of the file as uploaded, the same as ``sha256`` when nothing was taken out."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents", verbose_name="item")
    title = models.CharField("title", max_length=250)
    file = models.FileField("file", upload_to=document_path, max_length=200)
    filename = models.CharField("file name", max_length=250)  # as uploaded, with its type's extension
    kind = models.CharField("kind", max_length=20, choices=DocumentKind, default=DocumentKind.REPORT)
    content_type = models.CharField("type of content", max_length=100)
    size = models.PositiveBigIntegerField("size in bytes")
    sha256 = models.CharField("SHA-256 of the content", max_length=64)
    original_sha256 = models.CharField("SHA-256 of the file as uploaded", max_length=64)
    page_count = models.PositiveIntegerField("pages", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="uploaded by"
    )
    uploaded_at = models.DateTimeField("uploaded at", default=timezone.now)
    position = models.PositiveIntegerField("order")
    # Set once the text of each page has been extracted for search (``document_text_extract``), or
    # found to have none; empty until then, so the beat finds any upload the worker missed.
    text_extracted_at = models.DateTimeField("text extracted at", null=True, blank=True, editable=False)
    history = tracked()

    class Meta:
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="one_document_per_position"),
            models.CheckConstraint(condition=Q(size__gt=0), name="document_is_not_empty"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.item.get_absolute_url()

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


class DocumentPageText(models.Model):
    """The text of one page of a PDF supporting document, extracted for search so that a hit can
    name its page. Derived from the stored file, which never changes (a document is removed and
    added again, never replaced), so it keeps no history of its own: see decision 0031. Whoever may
    open the document may read its pages' text; nobody else (``scrutiny.access.documents_openable``)."""

    document = models.ForeignKey(
        SupportingDocument, on_delete=models.CASCADE, related_name="pages", verbose_name="document"
    )
    number = models.PositiveIntegerField("page")
    text = models.TextField("text", blank=True)

    class Meta:
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="one_text_per_document_page")]

    def __str__(self):
        return f"{self.document}, page {self.number}"


class ExemptDocumentAccess(models.Model):
    """One opening of an exempt paper, for the Monitoring Officer: who, which paper, when, and
    whether it came in a confidential pack (one entry per exempt paper the pack carries).
    The title is kept so that the record outlives a removed document."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="exempt_accesses")
    document = models.ForeignKey(
        SupportingDocument, on_delete=models.SET_NULL, null=True, related_name="accesses", verbose_name="document"
    )
    document_title = models.CharField("document", max_length=250)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField("opened at", default=timezone.now)
    # Set when the paper was downloaded in a members' confidential pack: which version of which pack.
    pack_version = models.ForeignKey(
        "council.PackVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="in the pack",
    )
    history = tracked()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name_plural = "exempt document accesses"

    def __str__(self):
        return f"{self.person} opened {self.document_title}"


class AgendaItemUserObjectPermission(UserGrants):
    """Direct foreign-key grants on agenda items (need-to-know on exempt papers), with their history:
    who let which officer see a pink paper, and when."""

    content_object = models.ForeignKey(AgendaItem, on_delete=models.CASCADE)
    history = tracked()
