"""From a PackSpec to a PDF file: check page limits, render the generated parts (cached, in
parallel), merge, number the pages.

Page limits come first, before anything is rendered: the uploaded PDFs together may have at most
``settings.PACK_MAX_PAGES`` pages (a 459 KB PDF can hold 50,000 pages, which once took a build
129 s and 700 MB), else the build fails naming the document that goes over; and the generated parts
may have at most ``settings.PACK_MAX_GENERATED_PAGES`` pages, counted from the last build before
rendering (and as parts finish: rendering stops at the first part that takes it over).

Page numbers: no part prints its own. Every page of the pack, generated or uploaded, is numbered
"Page n of N" by the merge with the stamp kit's glyphs (``merge.StampKit``), so a part renders the same wherever
it lands, and its cache key is its own content: a part that grows moves the pages after it without
rendering them again. A part that needs the pack's page references (``needs_page_numbers``, the
agenda) is rendered once the others' page counts are known, using its page count from the last
build as a guess (or a first rendering with stand-in numbers, alongside the other parts, when
there is none); if its real count differs, it is rendered again with the moved references, up to
three passes. A part whose template uses ``total_pages`` is rendered again only if the total it was
given turns out wrong.

Everything the build writes to disk is in one temporary folder (``storage.build_folder``), removed
when ``build_file``'s block ends, whether the build finished or failed.
"""

import contextlib
import hashlib
import os
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pikepdf
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError

from . import render, storage
from .merge import PackError, Piece, StampKitUnusable, check_upload, merge, unreadable, upright_size
from .spec import HtmlPart, PackSpec, PdfPart

MAX_PASSES = 3
# A part found in the cache, or an upload checked, takes no time a clerk could watch: its progress
# message is sent only if this long has passed since the last one (and always for the last part).
# Each message is a database write; a rebuild would otherwise make one per part for nothing.
QUIET_REPORT_SECONDS = 0.25
STAND_IN_PAGE = 999  # page references while an agenda's own length is not yet known


def part_name(part) -> str:
    return part.name if isinstance(part, PdfPart) else (part.bookmark or part.key)


def describe(spec: PackSpec, sources: render.Sources) -> dict:
    """The build's inputs in summary: each part's key, kind and fingerprint; hashed as a whole."""
    parts = []
    for part in spec.parts:
        if isinstance(part, HtmlPart):
            try:
                source = sources(part.template)
            except (TemplateDoesNotExist, TemplateSyntaxError) as error:
                raise PackError(
                    f"The page “{part_name(part)}” could not be made: its template has a fault ({error}). "
                    "Tell the service team."
                ) from None
            fingerprint = hashlib.sha256(
                (source + render.plain_json(part.context) + part.stamp + str(part.needs_page_numbers)).encode()
            ).hexdigest()
            parts.append({"key": part.key, "kind": "generated", "hash": fingerprint, **_shared(part)})
        else:
            parts.append({"key": part.key, "kind": "upload", "hash": part.sha256, "name": part.name, **_shared(part)})
    summary = {
        "title": spec.title,
        "author": spec.author,
        "lang": spec.lang,
        "subject": spec.subject,
        "filename": spec.filename,
        "engine": render.engine_source_fingerprint(),
        "parts": parts,
    }
    summary_hash = hashlib.sha256(render.plain_json(summary).encode()).hexdigest()
    return {**summary, "hash": summary_hash}


def _shared(part) -> dict:
    return {"bookmark": part.bookmark, "level": part.level, "stamp": part.stamp}


@dataclass
class Result:
    path: str
    pages: int
    counts: dict[str, int]
    first_pages: dict[str, int]
    renders: int = 0
    cached: int = 0
    messages: list = field(default_factory=list)


class _Layout:
    def __init__(self, spec, sources, uploads, guesses, progress):
        self.spec = spec
        self.sources = sources
        self.uploads = uploads
        self.counts: dict[str, int] = {key: upload.pages for key, upload in uploads.items()}
        self.guesses = guesses
        self.progress = progress
        self.rendered: dict[str, render.Rendered] = {}
        self.renders = 0
        self.cached = 0
        self.html_parts = [p for p in spec.parts if isinstance(p, HtmlPart)]
        self.finished: set[str] = set()
        self.generated_pages = 0
        self.references_known = False
        self.reported = _Quiet()

    def context(self, part: HtmlPart, pages: dict | None, total: int | None) -> dict:
        context = {
            **part.context,
            "stamp": part.stamp,
            "pack_title": self.spec.title,
            "pack_author": self.spec.author,
            "pack_lang": self.spec.lang,
        }
        if part.needs_page_numbers:
            context["pages"] = pages or {}
        if self.sources.uses(part.template, "total_pages"):
            context["total_pages"] = total
        return context

    def render_jobs(self, jobs: list[tuple[HtmlPart, dict]]) -> list[render.Rendered]:
        try:
            results = render.render_parts(jobs, self.sources, done=self._done)
        except render.TemplateFault as fault:
            raise PackError(
                f"The page “{part_name(fault.part)}” could not be made: its template has a fault ({fault.error}). "
                "Tell the service team."
            ) from None
        for result in results:
            if result.rendered:
                self.renders += 1
            else:
                self.cached += 1
        return results

    def _done(self, part: HtmlPart, result: render.Rendered) -> None:
        """A part is ready: progress for the clerk, and the generated pages' limit."""
        if self.deferred(part) and not self.references_known:
            return  # a rendering with stand-in page references, only to learn its length
        if part.key not in self.finished:
            self.finished.add(part.key)
            self.generated_pages += result.pages
            last = len(self.finished) == len(self.html_parts)
            if result.rendered or last or self.reported.due():
                self.progress("rendering", f"Rendering part {len(self.finished)} of {len(self.html_parts)}")
                self.reported.sent()
        _check_generated(self.generated_pages)

    def deferred(self, part) -> bool:
        return isinstance(part, HtmlPart) and part.needs_page_numbers

    def check_known(self) -> None:
        """Refused before anything is rendered if its parts were over the limit at its last build."""
        _check_generated(sum(self.guesses.get(p.key, 0) for p in self.html_parts))

    def run(self) -> dict[str, int]:
        ordinary = [p for p in self.html_parts if not self.deferred(p)]
        deferred = [p for p in self.html_parts if self.deferred(p)]
        # Every part that does not need the pack's page references, and (where there is no count
        # from the last build) a first rendering of each that does, with stand-in numbers: together.
        stand_ins = [p for p in deferred if p.key not in self.guesses]
        for part in deferred:
            if part.key in self.guesses:
                self.counts[part.key] = self.guesses[part.key]
        total_guess = sum(self.counts.get(p.key, self.guesses.get(p.key, 1)) for p in self.spec.parts)
        totals_used: dict[str, int] = {}
        jobs = [(p, self.context(p, None, total_guess)) for p in ordinary]
        for part, context in jobs:
            if "total_pages" in context:
                totals_used[part.key] = total_guess
        stand_in_pages = {p.key: STAND_IN_PAGE for p in self.spec.parts}
        jobs += [(p, self.context(p, stand_in_pages, STAND_IN_PAGE)) for p in stand_ins]
        for (part, _context), result in zip(jobs, self.render_jobs(jobs), strict=True):
            self.counts[part.key] = result.pages
            if not self.deferred(part):
                self.rendered[part.key] = result
        self.references_known = True
        for _ in range(MAX_PASSES):
            first_pages, page = {}, 1
            for part in self.spec.parts:
                first_pages[part.key] = page
                page += self.counts[part.key]
            total = page - 1
            jobs = [(p, self.context(p, first_pages, total)) for p in deferred]
            jobs += [(p, self.context(p, None, total)) for p in ordinary if totals_used.get(p.key, total) != total]
            settled = True
            for (part, _context), result in zip(jobs, self.render_jobs(jobs), strict=True):
                self.rendered[part.key] = result
                if part.key in totals_used:
                    totals_used[part.key] = total
                if result.pages != self.counts[part.key]:
                    self.counts[part.key] = result.pages
                    settled = False
            if settled:
                return first_pages
        raise PackError("The pack's page numbers did not settle after three passes. Tell the service team.")


class _Quiet:
    """When the last progress message was sent: quick steps report only every QUIET_REPORT_SECONDS."""

    def __init__(self):
        self.at: float | None = None

    def due(self) -> bool:
        return self.at is None or time.monotonic() - self.at >= QUIET_REPORT_SECONDS

    def sent(self) -> None:
        self.at = time.monotonic()


def _check_generated(pages: int) -> None:
    limit = settings.PACK_MAX_GENERATED_PAGES
    if pages > limit:
        raise PackError(
            f"The pack would have more than {limit:,} pages of its own (front sheet, agenda, reports and minutes), "
            f"the most one pack can have: they came to {pages:,} pages. Shorten the reports or split the pack, "
            "then build the pack again."
        )


@contextlib.contextmanager
def build_file(
    spec: PackSpec, *, guesses: dict[str, int] | None = None, progress: Callable[[str, str], None] | None = None
) -> Iterator[Result]:
    """Build the pack described by ``spec`` into a temporary file, for the block (the caller stores it).

    The file and every other temporary file of the build are removed when the block ends."""
    progress = progress or (lambda stage, text: None)
    sources = render.Sources()
    with storage.build_folder() as folder, contextlib.ExitStack() as stack:
        uploads, upload_paths, upload_pages = {}, {}, 0
        pdf_parts = [p for p in spec.parts if isinstance(p, PdfPart)]
        checked = _Quiet()
        for index, part in enumerate(pdf_parts, start=1):
            if index == len(pdf_parts) or checked.due():
                progress("rendering", f"Checking supporting document {index} of {len(pdf_parts)}")
                checked.sent()
            try:
                path = stack.enter_context(storage.local_path(part.storage_name))
            except (FileNotFoundError, OSError) as error:
                if isinstance(error, FileNotFoundError) or not storage.exists(part.storage_name):
                    raise unreadable(part.name, "it is missing from the document store") from None
                raise
            uploads[part.key] = check_upload(part, path, before=upload_pages, limit=settings.PACK_MAX_PAGES)
            upload_pages += uploads[part.key].pages
            upload_paths[part.key] = path
        layout = _Layout(spec, sources, uploads, guesses or {}, progress)
        layout.check_known()
        # The stamp kit first (cached: rendered once for a set of stamps): from scratch, the render
        # workers are then forked with WeasyPrint's fonts already set up, instead of each setting
        # them up again.
        stamps = tuple(sorted({part.stamp for part in pdf_parts if part.stamp}))
        kit = render.render_stamp_kit(list(stamps))
        layout.renders += int(kit.rendered)
        first_pages = layout.run()
        progress("merging", "Merging the parts into one PDF")
        pieces = []
        for part in spec.parts:
            if isinstance(part, PdfPart):
                path = upload_paths[part.key]
                pieces.append(Piece(path, part.bookmark, part.level, None, part.name, numbered=True, stamp=part.stamp))
            else:
                path = stack.enter_context(storage.local_path(layout.rendered[part.key].name))
                pieces.append(Piece(path, part.bookmark, part.level, None, part_name(part), numbered=True))
        total = sum(layout.counts[part.key] for part in spec.parts)
        target = os.path.join(folder, "pack.pdf")
        options = {"title": spec.title, "author": spec.author, "lang": spec.lang, "subject": spec.subject}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pikepdf warns that named destinations are not copied
            try:
                kit_path = stack.enter_context(storage.local_path(kit.name))
                pages = merge(pieces, target, stamp_kit=kit_path, stamps=stamps, total_pages=total, **options)
            except StampKitUnusable:
                pieces = _with_rendered_overlays(pieces, spec, first_pages, total, layout, stack, progress)
                pages = merge(pieces, target, **options)
        yield Result(target, pages, dict(layout.counts), first_pages, layout.renders, layout.cached)


def _with_rendered_overlays(pieces, spec, first_pages, total, layout, stack, progress):
    """Pages numbered with overlays rendered part by part (when the stamp kit cannot be used)."""
    replaced = []
    for part, piece in zip(spec.parts, pieces, strict=True):
        progress("merging", f"Numbering the pages of “{part_name(part)}”")
        with pikepdf.open(piece.path) as pdf:
            boxes = [upright_size(page.obj) for page in pdf.pages]
        stamp = part.stamp if isinstance(part, PdfPart) else ""  # a generated part prints its own
        result = render.render_overlays(boxes, first_pages[part.key], stamp, total)
        layout.renders += int(result.rendered)
        overlay = stack.enter_context(storage.local_path(result.name))
        replaced.append(Piece(piece.path, piece.bookmark, piece.level, overlay, piece.name))
    return replaced
