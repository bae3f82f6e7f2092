"""The text of each page of a PDF supporting document, extracted after upload for search.

Extraction runs in Celery once the upload is committed (``scrutiny.tasks.extract_document_text``);
the upload leaves ``text_extracted_at`` empty, so the beat (``extract_missing_document_text``) finds
any document the worker missed: a failed worker delays the text, never loses it. The work is capped
(pages, characters a page) and a PDF pdfminer cannot read gives no text rather than an error: the
paper itself was checked when it was uploaded and stays as it is.
"""

import datetime
import io
import logging
import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from council.history import with_reason

from ..models import DocumentPageText, SupportingDocument
from .documents import PDF

logger = logging.getLogger(__name__)

_SPACES = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\n\s*\n+")


def _tidy(text: str, limit: int) -> str:
    text = text.replace("\x00", "")
    text = _LINES.sub("\n\n", _SPACES.sub(" ", text)).strip()
    return text[:limit]


def pdf_pages_text(fileobj, *, max_pages: int, max_chars: int) -> list[str]:
    """The text of each of the first ``max_pages`` pages (at most ``max_chars`` characters each).
    An unreadable PDF gives the pages read before the fault, or none."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer

    pages: list[str] = []
    try:
        for layout in extract_pages(fileobj, maxpages=max_pages, laparams=LAParams()):
            parts = [element.get_text() for element in layout if isinstance(element, LTTextContainer)]
            pages.append(_tidy("\n".join(parts), max_chars))
    except Exception:  # pdfminer raises many kinds of error on a damaged file: none must stop the worker
        logger.warning("Could not read the text of a PDF after %s pages", len(pages), exc_info=True)
    return pages


def document_text_extract(*, document_id: int) -> int | None:
    """Extract and store the text of each page of the PDF ``document_id``; returns the number of
    pages stored, or ``None`` when there was nothing to do (removed, not a PDF, already done).
    Safe to run twice: the document is locked, and one already extracted is left alone."""
    document = SupportingDocument.objects.filter(pk=document_id, text_extracted_at__isnull=True).first()
    if document is None:
        return None
    texts: list[str] = []
    if document.content_type == PDF:
        try:
            with document.file.open("rb") as stored:
                content = io.BytesIO(stored.read())  # pdfminer reads a real file object; uploads are size-limited
                texts = pdf_pages_text(
                    content,
                    max_pages=settings.SEARCH_PDF_MAX_PAGES,
                    max_chars=settings.SEARCH_PDF_MAX_PAGE_CHARS,
                )
        except OSError:
            logger.warning("The file of document %s could not be read", document_id, exc_info=True)
            return None  # the file store is down: the beat tries again
    with transaction.atomic():
        document = SupportingDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None or document.text_extracted_at is not None:
            return None
        DocumentPageText.objects.filter(document=document).delete()
        DocumentPageText.objects.bulk_create(
            DocumentPageText(document=document, number=number, text=text)
            for number, text in enumerate(texts, start=1)
            if text
        )
        document.text_extracted_at = timezone.now()
        # Saved (not updated) so that the search index hears of the new text (record.signals).
        with_reason(document, "Text extracted for search").save(update_fields=["text_extracted_at"])
    return len(texts)


def documents_awaiting_text(*, older_than: datetime.timedelta = datetime.timedelta(minutes=10)) -> list[int]:
    """The documents uploaded more than ``older_than`` ago whose text has not been extracted (the
    worker missed them): for the beat."""
    cutoff = timezone.now() - older_than
    return list(
        SupportingDocument.objects.filter(text_extracted_at__isnull=True, uploaded_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
