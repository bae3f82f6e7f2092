"""A consultation's supporting documents: added (checked by their content first) and removed,
until the consultation closes."""

from django.core.files.base import ContentFile
from django.db import transaction

from council.errors import RuleError
from council.history import saved_by, with_reason
from council.uploads import inspect_upload

from ...models import ConsultationDocument, ConsultationState
from .consultations import locked


def _check_documents_changeable(consultation):
    if consultation.state in (ConsultationState.CLOSED, ConsultationState.REPORTED):
        raise RuleError("The consultation has closed: its documents cannot change")


def document_add(*, consultation, upload, title, by) -> ConsultationDocument:
    """Check the file by its content first (a PDF is stored without its active content); then store
    it and write the row in one transaction. Should the row fail, the stored file is deleted again:
    nothing half-saved."""
    inspected = inspect_upload(upload)
    title = (title or "").strip()
    if not title:
        raise RuleError("Enter the document's title", field="title")
    stored, document = None, None
    try:
        with transaction.atomic():
            consultation = locked(consultation)
            _check_documents_changeable(consultation)
            document = ConsultationDocument(
                consultation=consultation,
                title=title,
                content_type=inspected.content_type,
                size=len(inspected.content),
                sha256=inspected.sha256,
                original_sha256=inspected.original_sha256,
                uploaded_by=by,
            )
            filename = inspected.filename(upload.name, max_length=200)
            document.file.save(filename, ContentFile(inspected.content), save=False)
            stored = document.file.name
            saved_by(document, by, "Document added")
    except BaseException:
        if stored and document is not None:
            document.file.storage.delete(stored)
        raise
    return document


@transaction.atomic
def document_remove(*, document, by) -> None:
    _check_documents_changeable(locked(document.consultation))
    document = ConsultationDocument.objects.select_for_update().get(pk=document.pk)
    storage, name = document.file.storage, document.file.name
    with_reason(document, "Document removed", by=by).delete()
    transaction.on_commit(lambda: storage.delete(name))
