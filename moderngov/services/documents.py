"""The documents themselves (``--documents``): each ModernGov document not yet here is fetched from
its address and checked by the same rules as a clerk's upload (``council.uploads.inspect_upload``:
the real type sniffed, PDFs opened, programs and web pages refused, the size and page limits). One
refused file refuses the whole run; files stored before it are deleted again."""

from pathlib import PurePath
from urllib.parse import urlsplit

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max, Q
from django.utils import timezone

from council.errors import RuleError
from council.uploads import inspect_upload
from scrutiny.models import DocumentKind, SupportingDocument

from ..models import ExternalRef, LinkedDocument, RefKind
from .fetching import Fetcher
from .parsing import ImportRefused


def _name(document: LinkedDocument, content: bytes) -> str:
    if content.startswith(b"%PDF-"):
        return f"{document.title}.pdf"
    suffix = PurePath(urlsplit(document.url).path).suffix
    return f"{document.title}{suffix}"


def fetch_documents(*, site: str, fetcher: Fetcher, by, trial: bool = False) -> tuple[int, int]:
    """Fetch, check and store the documents of ``site`` not yet stored; returns how many, and how
    many were left because their item is published here. Runs inside the import's transaction; a
    ``trial`` checks them and keeps none."""
    if by is None:
        raise RuleError("Say who is importing (--by) to import the documents: they are recorded as uploading them")
    missing = (
        LinkedDocument.objects.filter(item__in=_items_of(site), document__isnull=True, is_link=False)
        .exclude(url="")
        .select_related("item")
    )
    # A published item's papers are the s.100B record, fingerprinted in its pack: only the clerk
    # changes it (a correction in a supplement), never an import.
    published = Q(item__published_in__isnull=False) | Q(item__meeting__publications__isnull=False)
    left = missing.filter(published).distinct().count()
    waiting = list(missing.exclude(published))
    positions = dict(
        SupportingDocument.objects.filter(item__in={d.item_id for d in waiting})
        .values("item_id")
        .annotate(last=Max("position"))
        .values_list("item_id", "last")
    )
    stored: list[SupportingDocument] = []
    try:
        for document in waiting:
            content = fetcher.get(document.url)
            name = _name(document, content)
            upload = SimpleUploadedFile(name, content)
            try:
                inspected = inspect_upload(upload)
            except RuleError as error:
                raise ImportRefused(
                    f"document {document.attachment_id}", f"linkeddoc ({document.title})", error.message
                ) from None
            positions[document.item_id] = positions.get(document.item_id, 0) + 1
            supporting = SupportingDocument(
                item=document.item,
                title=document.title,
                filename=inspected.filename(name, max_length=250),
                kind=DocumentKind.REPORT if inspected.is_pdf else DocumentKind.OTHER,
                content_type=inspected.content_type,
                size=len(inspected.content),
                sha256=inspected.sha256,
                original_sha256=inspected.original_sha256,
                page_count=inspected.page_count,
                uploaded_by=by,
                uploaded_at=timezone.now(),
                position=positions[document.item_id],
            )
            supporting.file.save(supporting.filename, ContentFile(inspected.content), save=False)
            stored.append(supporting)
            supporting._change_reason = "Imported from ModernGov"  # type: ignore[attr-defined]
            supporting.save()
            document.document = supporting
            document._change_reason = "Document fetched"  # type: ignore[attr-defined]
            document.save(update_fields=["document"])
        if trial:
            raise _Trial
    except BaseException as error:
        for supporting in stored:
            if supporting.file.name:
                supporting.file.storage.delete(supporting.file.name)
        if not isinstance(error, _Trial):
            raise
    return len(stored), left


class _Trial(Exception):
    pass


def _items_of(site: str):
    return ExternalRef.objects.filter(site=site, kind=RefKind.AGENDA_ITEM).values("object_id")
