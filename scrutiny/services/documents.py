"""Supporting documents: checked by their content before anything is stored, then fingerprinted.

PDFs are recognised by their content (``%PDF-``, opened with pikepdf), never by their name or the
type the browser declares. Other office files are kept as attachments. Executables, web pages and
SVG images are refused: served back to a browser they could run scripts.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import pikepdf
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from council import permissions
from council.errors import RuleError
from council.history import with_reason

from ..models import AgendaItem, DocumentKind, ExemptDocumentAccess, SupportingDocument

PDF = "application/pdf"
EMPTY = "The selected file is empty"
NOT_A_PDF = "The file is not a valid PDF. Check it opens, then upload it again"
PROTECTED = "The PDF is password-protected. Upload a version without a password"
PUBLISHED = "This item has been published: add a correction as an urgent item in a supplement"
NOT_ACCEPTED = (
    "The selected file must be a PDF, a Word, Excel or PowerPoint file, an OpenDocument file, a CSV or a text file"
)
SCRIPT_RISK = "The selected file is a program or a web page, which could run code on readers' computers. Upload a PDF"

_OOXML = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
_ODF = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
_OLE = {".doc": "application/msword", ".xls": "application/vnd.ms-excel", ".ppt": "application/vnd.ms-powerpoint"}
_TEXT = {".csv": "text/csv", ".txt": "text/plain"}
_EXECUTABLE_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"#!",
    b"\xca\xfe\xba\xbe",
    b"\xfe\xed\xfa",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
)
_RISKY_SUFFIXES = {
    ".exe", ".dll", ".com", ".bat", ".cmd", ".msi", ".scr", ".ps1", ".sh", ".js", ".vbs", ".jar",
    ".html", ".htm", ".xhtml", ".shtml", ".svg", ".svgz", ".xml", ".hta",
}  # fmt: skip
# Markup a browser would treat as a web page (WHATWG MIME sniffing), looked for in a text file's start.
_MARKUP = (b"<!doctype", b"<html", b"<script", b"<svg", b"<?xml", b"<iframe", b"<body", b"<head", b"<object")


@dataclass(frozen=True)
class Inspected:
    content: bytes
    content_type: str
    sha256: str
    page_count: int | None

    @property
    def is_pdf(self) -> bool:
        return self.content_type == PDF


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def _pdf_pages(content: bytes) -> int:
    try:
        # No recovery: a damaged file that qpdf could patch up would still break the agenda pack.
        with pikepdf.open(io.BytesIO(content), attempt_recovery=False) as pdf:
            if pdf.is_encrypted:
                raise RuleError(PROTECTED, field="file")
            pages = len(pdf.pages)
    except pikepdf.PasswordError:
        raise RuleError(PROTECTED, field="file") from None
    except RuleError:
        raise
    except Exception:  # pikepdf raises several kinds for damaged files; all mean the same to a clerk
        raise RuleError(NOT_A_PDF, field="file") from None
    if pages < 1:
        raise RuleError(NOT_A_PDF, field="file")
    return pages


def _zip_names(content: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return set(archive.namelist())
    except zipfile.BadZipFile:
        return set()


def _attachment_type(content: bytes, suffix: str) -> str:
    """The content type of a non-PDF attachment, when its content matches what its name says."""
    head = content[:1024]
    if suffix in _RISKY_SUFFIXES or head.startswith(_EXECUTABLE_MAGIC):
        raise RuleError(SCRIPT_RISK, field="file")
    if suffix in _OOXML and "[Content_Types].xml" in _zip_names(content):
        return _OOXML[suffix]
    if suffix in _ODF and "mimetype" in _zip_names(content):
        return _ODF[suffix]
    if suffix in _OLE and head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _OLE[suffix]
    if suffix in _TEXT:
        if b"\x00" in content:
            raise RuleError(NOT_ACCEPTED, field="file")
        if any(marker in head.lstrip(b"\xef\xbb\xbf \t\r\n").lower() for marker in _MARKUP):
            raise RuleError(SCRIPT_RISK, field="file")
        return _TEXT[suffix]
    raise RuleError(NOT_ACCEPTED, field="file")


def inspect_upload(upload) -> Inspected:
    """Check an uploaded file completely, before anything is stored. Raises RuleError on the "file" field."""
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise RuleError(f"The file must be smaller than {_megabytes(limit)} MB", field="file")
    upload.seek(0)
    content = upload.read(limit + 1)
    if not content:
        raise RuleError(EMPTY, field="file")
    if len(content) > limit:
        raise RuleError(f"The file must be smaller than {_megabytes(limit)} MB", field="file")
    suffix = PurePath(upload.name or "").suffix.lower()
    if content.startswith(b"%PDF-"):
        content_type, pages = PDF, _pdf_pages(content)
    elif suffix == ".pdf":
        raise RuleError(NOT_A_PDF, field="file")
    else:
        content_type, pages = _attachment_type(content, suffix), None
    return Inspected(content, content_type, hashlib.sha256(content).hexdigest(), pages)


def _check_changeable(item: AgendaItem):
    if item.is_published:
        raise RuleError(PUBLISHED)
    if not item.meeting.can_be_changed:
        raise RuleError("This meeting has been held or cancelled, so its agenda cannot be changed")


def document_add(*, item: AgendaItem, upload, title: str, kind: str, by) -> SupportingDocument:
    """Add a supporting document to an unpublished item.

    The file is checked in full first; only then is it stored and the row written, in one
    transaction. Should the row fail to save, the stored file is deleted again, so a refused
    upload leaves neither a row nor a file. A file that is not a PDF is kept as an attachment
    (kind "other"): only PDFs go into agenda packs.
    """
    inspected = inspect_upload(upload)
    title = (title or "").strip()
    if not title:
        raise RuleError("Enter the document's title", field="title")
    stored = None
    try:
        with transaction.atomic():
            item = AgendaItem.objects.select_related("meeting").select_for_update().get(pk=item.pk)
            _check_changeable(item)
            last = item.documents.aggregate(last=Max("position"))["last"] or 0
            document = SupportingDocument(
                item=item,
                title=title,
                filename=PurePath(upload.name or "document").name[:250],
                kind=kind if inspected.is_pdf else DocumentKind.OTHER,
                content_type=inspected.content_type,
                size=len(inspected.content),
                sha256=inspected.sha256,
                page_count=inspected.page_count,
                uploaded_by=by,
                uploaded_at=timezone.now(),
                position=last + 1,
            )
            document.file.save(document.filename, ContentFile(inspected.content), save=False)
            stored = document.file.name
            with_reason(document, "Document added", by=by).save()
    except BaseException:
        if stored:
            document.file.storage.delete(stored)
        raise
    return document


@transaction.atomic
def document_remove(*, document: SupportingDocument, by) -> None:
    """Remove a document from an unpublished item; the stored file goes once the removal is committed."""
    document = SupportingDocument.objects.select_related("item__meeting").select_for_update().get(pk=document.pk)
    _check_changeable(document.item)
    storage, name = document.file.storage, document.file.name
    with_reason(document, "Document removed", by=by).delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def exempt_access_record(*, document: SupportingDocument, by) -> ExemptDocumentAccess:
    """Record that ``by`` opened an exempt paper, for the Monitoring Officer."""
    access = ExemptDocumentAccess(item_id=document.item_id, document=document, document_title=document.title, person=by)
    with_reason(access, "Exempt paper opened", by=by).save()
    return access


NEED_TO_KNOW = "scrutiny.view_exempt_papers"


@transaction.atomic
def need_to_know_set(*, item: AgendaItem, officers, by) -> None:
    """Make ``officers`` exactly the people granted need-to-know on an exempt item's papers."""
    if not item.exempt:
        raise RuleError("Only an exempt item's papers need a need-to-know grant: the others are public once published")
    wanted = {person.pk: person for person in officers}
    current = {person.pk: person for person in permissions.holders(NEED_TO_KNOW, item)}
    for pk in wanted.keys() - current.keys():
        permissions.grant(NEED_TO_KNOW, wanted[pk], item, by=by, reason="Need-to-know granted")
    for pk in current.keys() - wanted.keys():
        permissions.revoke(NEED_TO_KNOW, current[pk], item, by=by, reason="Need-to-know withdrawn")
