"""A few hundred real, small PDFs for the decade's 60,000 papers: made once with pikepdf (a page
of Helvetica text each, no fonts to embed), stored under their SHA-256, and shared by every
document whose content they are (a document names its file; nothing says two may not share one).
Each keeps its pages' text, which the documents' extracted page text repeats."""

import hashlib
import io
from dataclasses import dataclass

import pikepdf
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

FOLDER = "documents/scale"


@dataclass(frozen=True)
class Pdf:
    name: str  # the stored file's name
    sha256: str
    size: int
    pages: int
    #: Each page's text as extraction finds it (``scrutiny.DocumentPageText``, for search).
    texts: tuple[str, ...] = ()


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def render(title: str, paragraphs: list[str]) -> bytes:
    """A PDF of ``title`` and ``paragraphs``, one paragraph a page; the same bytes every time."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    for number, paragraph in enumerate(paragraphs, start=1):
        lines = [f"BT /F1 16 Tf 56 780 Td ({_escape(title)}) Tj ET"]
        words, line, y = paragraph.split(), "", 750
        for word in words:
            if len(line) + len(word) > 85:
                lines.append(f"BT /F1 11 Tf 56 {y} Td ({_escape(line)}) Tj ET")
                line, y = "", y - 15
            line = f"{line} {word}".strip()
        lines.append(f"BT /F1 11 Tf 56 {y} Td ({_escape(line)}) Tj ET")
        lines.append(f"BT /F1 9 Tf 56 40 Td (Page {number} of {len(paragraphs)}) Tj ET")
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 595, 842],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream("\n".join(lines).encode("cp1252", "replace")),
        )
        pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def stored(title: str, paragraphs: list[str]) -> Pdf:
    """The PDF of ``title`` and ``paragraphs`` in the media storage, written only if not there yet."""
    data = render(title, paragraphs)
    digest = hashlib.sha256(data).hexdigest()
    name = f"{FOLDER}/{digest}.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    texts = tuple(
        f"{title}\n{paragraph}\nPage {number} of {len(paragraphs)}"
        for number, paragraph in enumerate(paragraphs, start=1)
    )
    return Pdf(name=name, sha256=digest, size=len(data), pages=len(paragraphs), texts=texts)
