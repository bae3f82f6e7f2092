"""The PDF pack engine: generic, in the foundation; apps supply the content.

An app registers a **pack kind** (``register``) with a function that, given the object the pack is
of (a meeting, a work plan version) and an **edition** ("public", "confidential"…), returns a
``PackSpec``: the document's title, author and language and its **parts** in order. A part is
either generated (``HtmlPart``: a Django template rendered by WeasyPrint, block layout, tagged,
fonts embedded, A4) or an uploaded PDF (``PdfPart``: merged as it is with pikepdf and stamped
with its page numbers, never re-rendered).

``request_build(kind, obj, edition, by)`` records a ``PackBuild`` (queued) and enqueues the Celery
task after commit; the task renders each generated part (cached by a hash of its inputs, so a
rebuild re-renders only what changed), merges, stamps continuous page numbers, adds bookmarks per
part and metadata, and stores a new ``PackVersion`` (kept for ever, with its SHA-256, never
overwritten; identical inputs give the identical file). A failed build keeps the last good version
and names the document that caused it in words a clerk understands.

Page references: an ``HtmlPart`` with ``needs_page_numbers=True`` (the agenda) is rendered again
once every part's page count is known, with ``pages`` in its context: {part key: first page}. No
part prints its own page numbers: the merge stamps "Page n of N" on every page, so a part renders
the same wherever it lands (``builder.py``). Generated parts are rendered in a pool of worker
processes when there are enough of them (``parallel.py``).

Downloads: the kind's ``on_download`` hook is called for every download it allows. It may record
the download (the agenda kind logs each exempt paper a confidential pack carries) and return a
``Watermark``: the copy served is then stamped with that line on the pages of the parts that carry
a stamp (``PackVersion.marked_pages``), as an artifact (``watermark.py``); the stored version and
its SHA-256 never change. Every download is sent with ``Content-Security-Policy: default-src
'none'; sandbox``; a copy the public may not download, or a watermarked one, with ``no-store``.
"""

from .registry import PackKind, get_kind, register
from .spec import Edition, HtmlPart, PackSpec, PdfPart, Watermark

__all__ = ["Edition", "HtmlPart", "PackKind", "PackSpec", "PdfPart", "Watermark", "get_kind", "register"]

# The engine's other modules (built by the packs work): models.py (PackBuild, PackVersion),
# services.py (request_build(kind_name, obj, edition, *, by) -> PackBuild; latest_version(kind_name,
# obj, edition) -> PackVersion | None), tasks.py (build_pack), render.py, merge.py, fetcher.py
# (WeasyPrint's URL fetcher: only static and media files, nothing else), views.py and urls.py.
# Pages an app links to (URL names in the "packs" namespace):
#   packs:build          POST  <kind>/<obj_pk>/<edition>/build/  (kind.can_build)
#   packs:build-status   GET   builds/<build_pk>/  (progress page; ?format=json for the script)
#   packs:download       GET   <kind>/<obj_pk>/<edition>/  (latest) and
#   packs:download-version GET <kind>/<obj_pk>/<edition>/v<number>/  (kind.can_download)
#   packs:versions       GET   <kind>/<obj_pk>/<edition>/versions/  (every version, with history)
