"""Uploaded files checked by their content before anything is stored: the checks every app shares.

The real type is sniffed from the content, never taken from the name or the type the browser
declares. PDFs (``%PDF-``) are opened with pikepdf and refused when damaged, password-protected,
empty or longer than ``settings.DOCUMENT_MAX_PAGES`` pages (counted before any page is read: a
459 KB file can hold 50,000 pages). Their active content (scripts, automatic actions, launch links,
embedded files: see ``council.active_content``) is taken out, so what is stored is the cleaned file;
a PDF with none is stored byte for byte as uploaded. Office files are accepted when their content
matches their name. Programs, web pages and SVG images are refused: served back to a browser they
could run scripts. Files larger than ``settings.DOCUMENT_MAX_BYTES`` are refused before they are
read in full.

Every refusal is a ``RuleError`` on the form's "file" field.

Served back, every upload is sandboxed (``document_response``) under the person's name for it with
the extension its detected type has: a PDF uploaded as "report.docx" is "report.pdf".
"""

import hashlib
import io
import logging
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import pikepdf
from django.conf import settings
from django.http import FileResponse

from .active_content import strip_active_content
from .errors import RuleError

logger = logging.getLogger(__name__)

PDF = "application/pdf"
EMPTY = "The selected file is empty"
NOT_A_PDF = "The file is not a valid PDF. Check it opens, then upload it again"
PROTECTED = "The PDF is password-protected. Upload a version without a password"
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
# The extensions a type may be served under, its usual one first.
_EXTENSIONS: dict[str, tuple[str, ...]] = {PDF: (".pdf",)} | {
    content_type: (suffix,) for types in (_OOXML, _ODF, _OLE, _TEXT) for suffix, content_type in types.items()
}
# Told to the person who uploaded a PDF that had active content.
CLEANED = "Scripts, automatic actions and embedded files were removed from it."
# Served with every upload: nothing in it may run as a page of this site, nor be sniffed as one.
SANDBOX = "default-src 'none'; sandbox"
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
    """An upload that passed: ``content`` is what to store (a PDF without its active content),
    ``sha256`` its fingerprint (what a publication records), ``original_sha256`` the fingerprint
    of the file as uploaded (the same when nothing was taken out)."""

    content: bytes
    content_type: str
    sha256: str
    page_count: int | None
    original_sha256: str = ""

    @property
    def is_pdf(self) -> bool:
        return self.content_type == PDF

    @property
    def cleaned(self) -> bool:
        """Whether active content was taken out (the stored file differs from the upload)."""
        return self.sha256 != self.original_sha256

    def filename(self, name: str, max_length: int = 250) -> str:
        return download_name(name, self.content_type, max_length)


def download_name(name: str, content_type: str, max_length: int = 250) -> str:
    """The person's name for a file, with the extension its detected type has ("report.docx"
    holding a PDF: "report.pdf"), no longer than ``max_length``."""
    path = PurePath((name or "").replace("\\", "/"))
    extensions = _EXTENSIONS.get(content_type, (".bin",))
    suffix = path.suffix if path.suffix.lower() in extensions else extensions[0]
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    stem = stem.strip(" .") or "document"
    return stem[: max_length - len(suffix)] + suffix


def document_response(file, *, name: str, content_type: str) -> FileResponse:
    """An uploaded file as a response: PDFs open in the browser, anything else is downloaded;
    sandboxed, never sniffed, named with the extension its type has."""
    response = FileResponse(
        file,
        as_attachment=content_type != PDF,
        filename=download_name(name, content_type),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX  # the CSP middleware keeps a policy a view has set
    return response


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def file_hint() -> str:
    """The upload field's hint: what may be uploaded, and the limits (read when the form is made,
    so that it follows the settings)."""
    return (
        f"A PDF of up to {settings.DOCUMENT_MAX_PAGES:,} pages, or a Word, Excel, PowerPoint, OpenDocument, "
        f"CSV or text file, smaller than {_megabytes(settings.DOCUMENT_MAX_BYTES)} MB."
    )


def _too_many_pages(limit: int, pages: int | None) -> RuleError:
    has = f"It has {pages:,}" if pages is not None else f"It has more than {limit:,}"
    return RuleError(
        f"The PDF must have {limit:,} pages or fewer. {has}: split it into parts and upload each one", field="file"
    )


def _pages_up_to(pdf: pikepdf.Pdf, limit: int) -> int | None:
    """The pages in the page tree, counted leaf by leaf; None as soon as there are more than ``limit``.

    Walked here, not by qpdf, because qpdf reads every page before it gives a count: about 1.8 KB
    of memory a page, so a 20 MB file holding two million pages would take gigabytes. A node
    reached twice is counted twice, as qpdf counts a page listed twice, so a shared
    branch cannot multiply the pages unseen, and a loop runs into the limit. The walk stops past
    the limit, or past twice as many nodes (a tree padded with empty branches)."""
    budget = 2 * limit + 64
    stack, leaves, nodes = [pdf.Root.Pages], 0, 0
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue  # not a page: qpdf's own count, after this, decides what the tree holds
        nodes += 1
        kids = node.get("/Kids")
        if node.get("/Type") != pikepdf.Name.Page and isinstance(kids, pikepdf.Array):
            if nodes + len(stack) + len(kids) > budget:
                return None
            stack.extend(kids)
            continue
        leaves += 1
        if leaves > limit:
            return None
    return leaves


def _checked_pdf(content: bytes) -> tuple[bytes, int]:
    """The PDF to store (without its active content) and its page count; refused when it cannot be."""
    limit = settings.DOCUMENT_MAX_PAGES
    try:
        # No recovery: a damaged file that qpdf could patch up would still break the agenda pack.
        # Inherited page attributes are not pushed down to every page on opening: that would read
        # every page before the limit is checked (and change the file for no reason).
        with pikepdf.open(io.BytesIO(content), attempt_recovery=False, inherit_page_attributes=False) as pdf:
            if pdf.is_encrypted:
                raise RuleError(PROTECTED, field="file")
            # The page tree's own count first (one number: the 50,000-page file stops here), then
            # a walk that stops past the limit (a tree may understate its count), then qpdf's count.
            declared = pdf.Root.Pages.get("/Count")
            if isinstance(declared, int) and declared > limit:
                raise _too_many_pages(limit, declared)
            if _pages_up_to(pdf, limit) is None:
                raise _too_many_pages(limit, None)
            pages = len(pdf.pages)
            if pages > limit:
                raise _too_many_pages(limit, pages)
            if pages and strip_active_content(pdf):
                cleaned = io.BytesIO()
                pdf.save(cleaned, deterministic_id=True)  # the same upload gives the same file
                content = cleaned.getvalue()
    except pikepdf.PasswordError:
        raise RuleError(PROTECTED, field="file") from None
    except RuleError:
        raise
    except Exception:  # pikepdf raises several kinds for damaged files; all mean the same to a clerk
        raise RuleError(NOT_A_PDF, field="file") from None
    if pages < 1:
        raise RuleError(NOT_A_PDF, field="file")
    return content, pages


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
    original_sha256 = hashlib.sha256(content).hexdigest()
    suffix = PurePath(upload.name or "").suffix.lower()
    if content.startswith(b"%PDF-"):
        content_type = PDF
        content, pages = _checked_pdf(content)
    elif suffix == ".pdf":
        raise RuleError(NOT_A_PDF, field="file")
    else:
        content_type, pages = _attachment_type(content, suffix), None
    return Inspected(content, content_type, hashlib.sha256(content).hexdigest(), pages, original_sha256)


NOT_SAVED = (
    "The file could not be saved because the document store is full or not working. Nothing was saved. "
    "Try again later, and tell the service team if it happens again"
)


def store_upload(field_file, filename: str, content: bytes) -> str:
    """Store ``content`` in ``field_file``'s storage under a new name made from ``filename`` (its
    field's ``upload_to``) and return it. Should the storage fail (a full disk: ENOSPC, a store that
    is down), whatever part of the file was written is removed and a ``RuleError`` on the form's
    "file" field says so: nothing half-saved is left to pass for the whole."""
    from django.core.files.base import ContentFile

    storage, field = field_file.storage, field_file.field
    name = storage.get_available_name(field.generate_filename(field_file.instance, filename), field.max_length)
    try:
        field_file.name = storage.save(name, ContentFile(content), max_length=field.max_length)
    except OSError as error:
        try:
            if storage.exists(name):
                storage.delete(name)
        except OSError:
            logger.exception("A part-written upload could not be removed: %s", name)
        logger.exception("An upload could not be stored")
        raise RuleError(NOT_SAVED, field="file") from error
    return field_file.name
