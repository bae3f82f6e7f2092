"""Supporting documents: checked by their content before anything is stored, then fingerprinted.

The checks themselves (the real type sniffed from the content, PDFs opened with pikepdf, programs
and web pages refused, the size limit) are the foundation's: ``council.uploads``.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from council import permissions
from council.errors import RuleError
from council.history import with_reason
from council.outbox.services import enqueue
from council.uploads import (  # noqa: F401  (the names scrutiny has always offered)
    EMPTY,
    NOT_A_PDF,
    NOT_ACCEPTED,
    PDF,
    PROTECTED,
    SCRIPT_RISK,
    Inspected,
    inspect_upload,
    store_upload,
)

from ..access import NEED_TO_KNOW, need_to_know_holders
from ..models import AgendaItem, DocumentKind, ExemptDocumentAccess, SupportingDocument
from .cancelled import check_not_cancelled

PUBLISHED = "This item has been published: add a correction as an urgent item in a supplement"


def _check_pack_pages(item: AgendaItem, pages: int) -> None:
    """The items not yet published go out together, in the next publication's pack (the agenda's,
    or a supplement's): refuse a PDF that would take that pack's documents over the limit. Papers
    already published are in their own publication's pack and do not count."""
    limit = settings.PACK_MAX_PAGES
    so_far = (
        SupportingDocument.objects.filter(
            item__meeting_id=item.meeting_id, item__published_in__isnull=True, content_type=PDF
        ).aggregate(pages=Sum("page_count"))["pages"]
        or 0
    )
    if so_far + pages > limit:
        raise RuleError(
            f"An agenda pack can have at most {limit:,} pages of supporting documents. The items not yet "
            f"published already have {so_far:,} pages and this PDF has {pages:,}. Upload a shorter document, "
            "or publish those items first and add this one in a supplement",
            field="file",
        )


def _queue_text_extraction(document_id: int) -> None:
    """An outbox row in the upload's transaction: the text is extracted after the commit."""
    from ..tasks import extract_document_text

    enqueue(extract_document_text, document_id)


def _check_changeable(item: AgendaItem):
    check_not_cancelled(item.meeting, "its papers cannot be changed")
    if item.is_published:
        raise RuleError(PUBLISHED)
    if not item.meeting.can_be_changed:
        raise RuleError("This meeting has been held, so its papers cannot be changed")


def document_add(*, item: AgendaItem, upload, title: str, kind: str, by) -> SupportingDocument:
    """Add a supporting document to an unpublished item.

    The file is checked in full first; only then is it stored and the row written, in one
    transaction. Should the row fail to save, the stored file is deleted again, so a refused
    upload leaves neither a row nor a file. A file that is not a PDF is kept as an attachment
    (kind "other"): only PDFs go into agenda packs, and a PDF that would take the next pack over
    ``settings.PACK_MAX_PAGES`` pages is refused. A PDF is stored without its active content.
    """
    inspected = inspect_upload(upload)
    title = (title or "").strip()
    if not title:
        raise RuleError("Enter the document's title", field="title")
    stored = None
    try:
        with transaction.atomic():
            item = AgendaItem.objects.select_related("meeting").select_for_update().get(pk=item.pk)
            _check_changeable(item)  # the item and its meeting are locked: one upload at a time counts pages
            if inspected.is_pdf:
                assert inspected.page_count is not None  # a PDF's pages are counted when it is inspected
                _check_pack_pages(item, inspected.page_count)
            last = item.documents.aggregate(last=Max("position"))["last"] or 0
            document = SupportingDocument(
                item=item,
                title=title,
                filename=inspected.filename(upload.name, max_length=250),
                kind=kind if inspected.is_pdf else DocumentKind.OTHER,
                content_type=inspected.content_type,
                size=len(inspected.content),
                sha256=inspected.sha256,
                original_sha256=inspected.original_sha256,
                page_count=inspected.page_count,
                uploaded_by=by,
                uploaded_at=timezone.now(),
                position=last + 1,
            )
            stored = store_upload(document.file, document.filename, inspected.content)
            with_reason(document, "Document added", by=by).save()
            _queue_text_extraction(document.pk)
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
    assert name is not None  # a document is always stored with its file
    with_reason(document, "Document removed", by=by).delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def exempt_access_record(*, document: SupportingDocument, by) -> ExemptDocumentAccess:
    """Record that ``by`` opened an exempt paper, for the Monitoring Officer."""
    access = ExemptDocumentAccess(item_id=document.item_id, document=document, document_title=document.title, person=by)
    with_reason(access, "Exempt paper opened", by=by).save()
    return access


@transaction.atomic
def exempt_pack_download_record(*, version, documents, by) -> list[ExemptDocumentAccess]:
    """Record that ``by`` downloaded ``version`` of a members' confidential pack: one entry per
    exempt paper among ``documents`` (the papers that version carries), all at the same moment,
    each naming the version."""
    now = timezone.now()
    accesses = []
    for document in sorted((d for d in documents if d.item.exempt), key=lambda d: (d.item.position, d.position)):
        access = ExemptDocumentAccess(
            item_id=document.item_id,
            document=document,
            document_title=document.title,
            person=by,
            opened_at=now,
            pack_version=version,
        )
        with_reason(access, f"Exempt paper downloaded in a confidential pack (version {version.number})", by=by).save()
        accesses.append(access)
    return accesses


@transaction.atomic
def exempt_minutes_download_record(*, version, items, by) -> list[ExemptDocumentAccess]:
    """Record that ``by`` downloaded ``version`` of a members' confidential edition of the minutes
    PDF: one entry per exempt item among ``items`` (its minute is in that edition), all at one
    moment, each naming the version."""
    now = timezone.now()
    accesses = []
    for item in (item for item in items if item.exempt):
        access = ExemptDocumentAccess(
            item_id=item.pk,
            document=None,
            document_title=f"Minute of {item.title}",
            person=by,
            opened_at=now,
            pack_version=version,
        )
        with_reason(access, f"Exempt minute downloaded in the minutes PDF (version {version.number})", by=by).save()
        accesses.append(access)
    return accesses


@transaction.atomic
def need_to_know_set(*, item: AgendaItem, officers, by) -> None:
    """Make ``officers`` exactly the people granted need-to-know on an exempt item's papers."""
    if not item.exempt:
        raise RuleError("Only an exempt item's papers need a need-to-know grant: the others are public once published")
    wanted = {person.pk: person for person in officers}
    current = {person.pk: person for person in need_to_know_holders(item)}
    for pk in wanted.keys() - current.keys():
        permissions.grant(NEED_TO_KNOW, wanted[pk], item, by=by, reason="Need-to-know granted")
    for pk in current.keys() - wanted.keys():
        permissions.revoke(NEED_TO_KNOW, current[pk], item, by=by, reason="Need-to-know withdrawn")
