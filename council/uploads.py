"""Uploaded files checked by their content before anything is stored: the checks every app shares.

The real type is sniffed from the content, never taken from the name or the type the browser
declares. PDFs (``%PDF-``) are opened with pikepdf and refused when damaged, password-protected or
empty. Office files are accepted when their content matches their name. Programs, web pages and SVG
images are refused: served back to a browser they could run scripts. Files larger than
``settings.DOCUMENT_MAX_BYTES`` are refused before they are read in full.

Every refusal is a ``RuleError`` on the form's "file" field.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import pikepdf
from django.conf import settings

from .errors import RuleError

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
