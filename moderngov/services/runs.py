"""Runs of the import: from the command line, or from the browser (upload, preview, confirm, then
Celery imports). Every run is recorded (``ImportRun``): who, from what, what it created, changed or
left, and why it was refused."""

from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from council.errors import RuleError
from council.history import saved_by
from council.outbox.services import enqueue

from ..models import ImportFile, ImportRun, RunStatus
from .documents import fetch_documents
from .fetching import DELAY, Fetcher, fetch_site
from .importing import Result, import_snapshot
from .parsing import Source, read, site_of


def import_sources(
    *,
    sources: list[Source],
    site: str = "",
    by=None,
    dry_run: bool = False,
    fetcher: Fetcher | None = None,
) -> Result:
    """Read ``sources`` and import them in one transaction (a ``dry_run`` rolls it back); with a
    ``fetcher``, the documents too."""
    snapshot = read(sources)
    site = site or site_of(snapshot, "")
    if not site:
        # The site keys every reference: guessing it (from a folder's name) could duplicate a council.
        raise RuleError(
            "None of the files gives the address of its ModernGov site: say which site they come from "
            "(--site, or the site box), e.g. democracy.example.gov.uk. Nothing was imported"
        )
    after = None
    if fetcher is not None:

        def after(result: Result) -> None:
            stored, left = fetch_documents(site=site, fetcher=fetcher, by=by, trial=dry_run)
            result.messages.append(f"{stored} documents fetched and checked.")
            if left:
                result.messages.append(
                    f"{left} documents left: their items are published here, so only their clerk changes their papers."
                )

    return import_snapshot(snapshot=snapshot, site=site, by=by, dry_run=dry_run, after=after)


def _record(run: ImportRun, *, result: Result | None = None, error: RuleError | None = None, by=None) -> None:
    if result is not None:
        run.site, run.counts, run.messages = result.site, result.counts, result.messages
    if error is not None:
        run.messages = [error.message]
    saved_by(run, by, run.get_status_display())


def run_command(*, source: str, sources: list[Source], site: str, by, dry_run: bool, fetcher) -> ImportRun:
    """The command line's run, recorded; a refusal is recorded and raised."""
    run = saved_by(
        ImportRun(source=source[:500], by=by, dry_run=dry_run, with_documents=fetcher is not None), by, "Import started"
    )
    try:
        result = import_sources(sources=sources, site=site, by=by, dry_run=dry_run, fetcher=fetcher)
    except RuleError as error:
        run.status, run.finished_at = RunStatus.REFUSED, timezone.now()
        _record(run, error=error, by=by)
        raise
    run.status, run.finished_at = RunStatus.DONE, timezone.now()
    _record(run, result=result, by=by)
    return run


def _sources_of(run: ImportRun) -> list[Source]:
    sources = []
    for kept in run.files.all():
        with kept.file.open("rb") as handle:
            sources.append(Source(name=kept.name, content=handle.read()))
    return sources


def run_preview(*, uploads: Iterable, site: str, with_documents: bool, by) -> ImportRun:
    """Keep the uploaded files with a new run and try the import on them without writing anything:
    the preview says what would be created, changed or left, or why the files are refused."""
    with transaction.atomic():
        run = saved_by(
            ImportRun(source="Uploaded files", site=site, by=by, with_documents=with_documents), by, "Files uploaded"
        )
        for upload in uploads:
            kept = ImportFile(run=run, name=upload.name[:250], size=upload.size)
            upload.seek(0)
            kept.file.save(upload.name, ContentFile(upload.read()), save=False)
            saved_by(kept, by, "File uploaded")
    try:
        result = import_sources(sources=_sources_of(run), site=site, by=by, dry_run=True)
    except RuleError as error:
        run.status = RunStatus.REFUSED
        run.finished_at = timezone.now()
        _record(run, error=error, by=by)
    except Exception:
        # Never left waiting for a confirmation: a preview that did not finish cannot be imported.
        run.status, run.finished_at = RunStatus.FAILED, timezone.now()
        run.messages = [
            "The preview stopped on an unexpected error; nothing was imported. The service team has been told."
        ]
        saved_by(run, by, "Preview failed")
        raise
    else:
        run.status = RunStatus.PREVIEWED
        _record(run, result=result, by=by)
    return run


def run_confirm(*, run: ImportRun, by) -> ImportRun:
    """The Administrator confirms a preview: Celery imports it once the confirmation is committed."""
    from .. import tasks

    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != RunStatus.PREVIEWED:
            raise RuleError("This import has already been confirmed or refused: upload the files again")
        run.status = RunStatus.QUEUED
        saved_by(run, by, "Import confirmed")
        enqueue(tasks.import_run, run.pk)
    return run


def run_execute(*, run_pk: int, opener=None) -> None:
    """The confirmed import, as the worker runs it: safe to run twice (only a queued run starts)."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update(of=("self",)).select_related("by").get(pk=run_pk)
        if run.status != RunStatus.QUEUED:
            return
        run.status = RunStatus.RUNNING
        saved_by(run, run.by, "Import started")
    fetcher = None
    if run.with_documents and run.site:
        fetcher = Fetcher(f"https://{run.site}", opener=opener)
    try:
        result = import_sources(sources=_sources_of(run), site=run.site, by=run.by, fetcher=fetcher)
    except RuleError as error:
        run.status, run.finished_at = RunStatus.REFUSED, timezone.now()
        _record(run, error=error, by=run.by)
        return
    except Exception:
        run.status, run.finished_at = RunStatus.FAILED, timezone.now()
        run.messages = [
            "The import stopped on an unexpected error; nothing was imported. The service team has been told."
        ]
        saved_by(run, run.by, "Import failed")
        raise
    run.status, run.finished_at = RunStatus.DONE, timezone.now()
    _record(run, result=result, by=run.by)


def fetch_sources(
    *, base_url: str, opener=None, delay: float | None = None, private_network: bool = False
) -> tuple[str, list[Source]]:
    """The responses of a ModernGov site, fetched through its web service: (its host, the responses)."""
    fetcher = Fetcher(base_url, opener=opener, delay=DELAY if delay is None else delay, private_network=private_network)
    return fetcher.site, fetch_site(fetcher, today=timezone.localdate())
