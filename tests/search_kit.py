"""Helpers for the search tests: PDFs with real text, and published meetings with papers."""

import datetime
import io

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from scrutiny import services
from scrutiny.models import Meeting, SupportingDocument
from scrutiny.services.document_text import document_text_extract


def text_pdf(pages: list[str]) -> bytes:
    """A PDF whose pages carry the given lines of text (Helvetica, one line a page)."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    )
    for text in pages:
        page = pdf.add_blank_page(page_size=(595, 842))
        page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        page.obj.Contents = pdf.make_stream(f"BT /F1 11 Tf 50 780 Td ({escaped}) Tj ET".encode("latin-1"))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def pdf_upload(name: str, pages: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text_pdf(pages), content_type="application/pdf")


def add_report(item, clerk, title: str, pages: list[str]) -> SupportingDocument:
    """Upload a PDF under ``item`` and extract its text (as the worker does after the commit)."""
    document = services.document_add(
        item=item, upload=pdf_upload("report.pdf", pages), title=title, kind="report", by=clerk
    )
    document_text_extract(document_id=document.pk)
    return document


def published_meeting(body, clerk, *, days_ago: int = 10, items: list[str] | None = None, hook=None) -> Meeting:
    """A meeting of ``body`` with ``items`` on its agenda, published; ``hook(item)`` runs on each
    item before publication (to add papers)."""
    from tests.factories import MeetingFactory

    when = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0) - datetime.timedelta(days=days_ago)
    meeting = MeetingFactory(body=body, starts_at=when)
    for title in items or ["Annual report"]:
        item = services.agenda_item_add(meeting=meeting, by=clerk, title=title)
        if hook:
            hook(item)
    services.agenda_publish(meeting=meeting, by=clerk, today=meeting.date - datetime.timedelta(days=14))
    return Meeting.objects.get(pk=meeting.pk)
