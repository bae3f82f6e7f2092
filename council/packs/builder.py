"""From a PackSpec to a PDF file: check uploads, lay out page numbers, render (cached), merge.

Uploaded PDFs are checked first, before anything is rendered: together they may have at most
``settings.PACK_MAX_PAGES`` pages (a 459 KB PDF can hold 50,000 pages, which once took a build
129 s and 700 MB), else the build fails naming the document that goes over.

Page numbers: uploaded PDFs' page counts are known from the files; generated parts are rendered in
order, each with its ``first_page`` known from the parts before it. A part that needs the pack's
page references (``needs_page_numbers``, the agenda) is rendered once the others' page counts are
known, using its page count from the last build as a guess (or a first rendering with stand-in
numbers when there is none); if its real count differs, the parts after it move and are rendered
again, up to three passes. A part whose template uses ``total_pages`` is rendered again only if the
total it was given turns out wrong.
"""

import contextlib
import hashlib
import os
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError

from . import render, storage
from .merge import PackError, Piece, StampKitUnusable, check_upload, merge, unreadable
from .spec import HtmlPart, PackSpec, PdfPart

MAX_PASSES = 3
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

    def context(self, part: HtmlPart, first_page: int, pages: dict | None, total: int | None) -> dict:
        context = {
            **part.context,
            "first_page": first_page,
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

    def render(self, part: HtmlPart, context: dict) -> render.Rendered:
        try:
            result = render.render_part(part, context, self.sources)
        except PackError:
            raise
        except (TemplateDoesNotExist, TemplateSyntaxError) as error:
            raise PackError(
                f"The page “{part_name(part)}” could not be made: its template has a fault ({error}). "
                "Tell the service team."
            ) from None
        if result.rendered:
            self.renders += 1
        else:
            self.cached += 1
        self.rendered[part.key] = result
        return result

    def deferred(self, part) -> bool:
        return isinstance(part, HtmlPart) and part.needs_page_numbers

    def stand_in_count(self, part: HtmlPart) -> int:
        if part.key in self.guesses:
            return self.guesses[part.key]
        stand_in = {p.key: STAND_IN_PAGE for p in self.spec.parts}
        return self.render(part, self.context(part, STAND_IN_PAGE, stand_in, STAND_IN_PAGE)).pages

    def run(self) -> dict[str, int]:
        html_parts = [p for p in self.spec.parts if isinstance(p, HtmlPart)]
        for part in html_parts:
            if self.deferred(part) and part.key not in self.counts:
                self.counts[part.key] = self.stand_in_count(part)
        total_guess = sum(self.counts.get(p.key, self.guesses.get(p.key, 1)) for p in self.spec.parts)
        done = 0
        for _ in range(MAX_PASSES):
            first_pages, page, totals_used = {}, 1, {}
            for part in self.spec.parts:
                first_pages[part.key] = page
                if not self.deferred(part) and isinstance(part, HtmlPart):
                    done += 1
                    self.progress("rendering", f"Rendering part {min(done, len(html_parts))} of {len(html_parts)}")
                    context = self.context(part, page, None, total_guess)
                    if "total_pages" in context:
                        totals_used[part.key] = total_guess
                    self.counts[part.key] = self.render(part, context).pages
                page += self.counts[part.key]
            total = page - 1
            settled = True
            for part in html_parts:
                if not self.deferred(part):
                    continue
                result = self.render(part, self.context(part, first_pages[part.key], first_pages, total))
                if result.pages != self.counts[part.key]:
                    self.counts[part.key] = result.pages
                    settled = False
            if settled and all(used == total for used in totals_used.values()):
                return first_pages
            total_guess = sum(self.counts.values())
            done = 0
        raise PackError("The pack's page numbers did not settle after three passes. Tell the service team.")


def build_file(
    spec: PackSpec, *, guesses: dict[str, int] | None = None, progress: Callable[[str, str], None] | None = None
) -> Result:
    """Build the pack described by ``spec`` into a temporary file (the caller stores and removes it)."""
    progress = progress or (lambda stage, text: None)
    sources = render.Sources()
    with contextlib.ExitStack() as stack:
        uploads, upload_paths, upload_pages = {}, {}, 0
        pdf_parts = [p for p in spec.parts if isinstance(p, PdfPart)]
        for index, part in enumerate(pdf_parts, start=1):
            progress("rendering", f"Checking supporting document {index} of {len(pdf_parts)}")
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
        first_pages = layout.run()
        progress("merging", "Merging the parts into one PDF")
        pieces = []
        for part in spec.parts:
            if isinstance(part, PdfPart):
                path = upload_paths[part.key]
                pieces.append(Piece(path, part.bookmark, part.level, None, part.name, numbered=True, stamp=part.stamp))
            else:
                path = stack.enter_context(storage.local_path(layout.rendered[part.key].name))
                pieces.append(Piece(path, part.bookmark, part.level, None, part_name(part)))
        stamps = tuple(sorted({part.stamp for part in pdf_parts if part.stamp}))
        handle, target = tempfile.mkstemp(suffix=".pdf", prefix="pack-")
        os.close(handle)
        options = {"title": spec.title, "author": spec.author, "lang": spec.lang, "subject": spec.subject}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # pikepdf warns that named destinations are not copied
                try:
                    kit = render.render_stamp_kit(list(stamps)) if pdf_parts else None
                    layout.renders += int(bool(kit and kit.rendered))
                    kit_path = stack.enter_context(storage.local_path(kit.name)) if kit else None
                    pages = merge(pieces, target, stamp_kit=kit_path, stamps=stamps, **options)
                except StampKitUnusable:
                    pieces = _with_rendered_overlays(pieces, spec, uploads, first_pages, layout, stack, progress)
                    pages = merge(pieces, target, **options)
        except BaseException:
            os.unlink(target)
            raise
    return Result(target, pages, dict(layout.counts), first_pages, layout.renders, layout.cached)


def _with_rendered_overlays(pieces, spec, uploads, first_pages, layout, stack, progress):
    """Uploads numbered with overlays rendered page by page (when the stamp kit cannot be used)."""
    replaced = []
    for part, piece in zip(spec.parts, pieces, strict=True):
        if not isinstance(part, PdfPart):
            replaced.append(piece)
            continue
        progress("merging", f"Numbering the pages of “{part.name}”")
        result = render.render_overlays(uploads[part.key].boxes, first_pages[part.key], part.stamp)
        layout.renders += int(result.rendered)
        overlay = stack.enter_context(storage.local_path(result.name))
        replaced.append(Piece(piece.path, piece.bookmark, piece.level, overlay, piece.name))
    return replaced
