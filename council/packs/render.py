"""Generated parts and stamp overlays rendered to PDF by WeasyPrint, cached by a hash of their inputs.

A part's cache key is the SHA-256 of the engine version, the template's source (with every template
it extends or includes), its context as JSON (with ``stamp``, and ``pages`` / ``total_pages`` where
it uses them). A part's own pages carry no page number (the merge stamps them), so where it lands
in the pack is not in its key: the same inputs never render twice, and a rebuild after one change
renders only that part (and the agenda, whose page references moved).

``render_parts`` renders the parts a build needs that are not in the cache, in a pool of worker
processes when there are enough of them (``parallel.py``), else one after the other here.

Generated pages are tagged (PDF/UA-1: structure tree, /MarkInfo, /Lang, /DisplayDocTitle), A4 and
with their fonts embedded (subsets of the local DejaVu Sans). Overlays (page numbers and stamps on
uploaded PDFs) are rendered untagged: the merge marks them as artifacts.
"""

import contextlib
import hashlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

import pikepdf
import weasyprint
from django.template import Engine, TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import render_to_string

from . import parallel, storage
from .fetcher import PackURLFetcher, base_url, strip_attachments

# Bump when the engine's output changes for the same inputs (templates are hashed themselves).
ENGINE_VERSION = f"packs-2 weasyprint-{weasyprint.__version__} pikepdf-{pikepdf.__version__}"
OVERLAY_TEMPLATE = "packs/stamps.html"
STAMP_KIT_TEMPLATE = "packs/stamp_kit.html"
# WeasyPrint logs every step of every rendering at INFO: a 300-page pack would flood the worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Rendered:
    name: str  # in default storage
    pages: int
    rendered: bool  # False: it came from the cache


def _digest(*texts: str) -> str:
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def plain_json(data) -> str:
    """Context as canonical JSON: dict order does not matter, Decimals and dates become text."""
    return json.dumps(data, sort_keys=True, default=str, ensure_ascii=False, separators=(",", ":"))


_CHILD = re.compile(r"""\{%\s*(?:extends|include)\s+(["'])(?P<name>[^"'{}]+)\1""")
_COMMENT = re.compile(r"\{%\s*comment\b.*?\{%\s*endcomment\s*%\}|\{#.*?#\}", re.DOTALL)


def _template_names(source: str) -> list[str]:
    """The templates ``source`` extends or includes by a constant name, in order (not recursively)."""
    return [match["name"] for match in _CHILD.finditer(_COMMENT.sub("", source))]


_source_engines: list = []  # [(the TEMPLATES configuration, an Engine with its loaders)]


def _source_engine() -> Engine:
    """An engine with the project's template loaders and no tag libraries, to read sources with.

    Reading a template's source needs only the loaders; the project's engine would import every
    installed app's template tags first (a third of a second in a fresh process), and a build whose
    inputs did not change renders no template at all."""
    from django.template import engines

    config = engines.templates  # the same object until the TEMPLATES setting changes
    if not _source_engines or _source_engines[0][0] is not config:
        django = next(c for c in config.values() if c["BACKEND"].endswith("DjangoTemplates"))
        loaders = django.get("OPTIONS", {}).get("loaders")
        engine = Engine(dirs=django.get("DIRS", []), app_dirs=django.get("APP_DIRS", False), loaders=loaders)
        _source_engines[:] = [(config, engine)]
    return _source_engines[0][1]


def _read_source(name: str) -> str:
    """The source of template ``name`` as the project's loaders find it (the first match)."""
    tried = []
    for loader in _source_engine().template_loaders:
        for origin in loader.get_template_sources(name):
            try:
                return loader.get_contents(origin)
            except TemplateDoesNotExist:
                tried.append((origin, "Source does not exist"))
    raise TemplateDoesNotExist(name, tried=tried)


def template_source(name: str, _seen=None) -> str:
    """The source of template ``name`` and of every template it extends or includes, in order.

    Read from the files, not compiled: a fault in a template shows when the part is rendered."""
    seen = _seen if _seen is not None else set()
    if name in seen:
        return ""
    seen.add(name)
    source = _read_source(name)
    sources = [f"<<{name}>>", source]
    for child in _template_names(source):
        sources.append(template_source(child, seen))
    return "\n".join(sources)


class Sources:
    """Template sources read once per build."""

    def __init__(self):
        self._found: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        if name not in self._found:
            self._found[name] = template_source(name)
        return self._found[name]

    def uses(self, name: str, variable: str) -> bool:
        """Whether a variable tag or a block tag of the template (or its parents) names ``variable``."""
        pattern = re.compile(r"\{[{%][^}]*\b" + re.escape(variable) + r"\b")
        return bool(pattern.search(self(name)))


def part_key(source: str, context: dict) -> str:
    return _digest(ENGINE_VERSION, source, plain_json(context))


def _weasyprint(html: str, *, tagged: bool) -> tuple[bytes, int]:
    """One WeasyPrint rendering through the safe fetcher; returns the PDF and its page count."""
    document = weasyprint.HTML(string=html, base_url=base_url(), url_fetcher=PackURLFetcher())
    strip_attachments(document)
    rendered = document.render(pdf_variant="pdf/ua-1" if tagged else None)
    return rendered.write_pdf(pdf_variant="pdf/ua-1" if tagged else None), len(rendered.pages)


def _pages_of(name: str) -> int:
    with storage.local_path(name) as path, pikepdf.open(path) as pdf:
        return len(pdf.pages)


def _cached(key: str) -> tuple[Rendered | None, str]:
    """The cached rendering for ``key``, or None and the name to store a new one under."""
    name = storage.cache_name(key)
    if storage.exists(name):
        try:
            return Rendered(name, _pages_of(name), rendered=False), name
        except (pikepdf.PdfError, FileNotFoundError):
            pass  # a damaged cache entry is rendered again below, under a fresh name
        name = storage.cache_name(_digest(key, "again"))
        if storage.exists(name):
            return Rendered(name, _pages_of(name), rendered=False), name
    return None, name


def _cached_or_render(key: str, make_html) -> Rendered:
    found, name = _cached(key)
    if found is not None:
        return found
    content, pages = make_html()
    storage.save_bytes(name, content)
    return Rendered(name, pages, rendered=True)


def render_part(part, context: dict, sources: Sources) -> Rendered:
    """Render an HtmlPart with ``context`` (its own context with the engine's values added)."""
    key = part_key(sources(part.template), context)

    def make():
        return _weasyprint(_html(part, context), tagged=True)

    return _cached_or_render(key, make)


class TemplateFault(Exception):
    """A part's template could not be used (``error``): the build names ``part``."""

    def __init__(self, part, error: Exception):
        super().__init__(str(error))
        self.part, self.error = part, error


def _html(part, context: dict) -> str:
    try:
        return render_to_string(part.template, context)
    except (TemplateDoesNotExist, TemplateSyntaxError) as error:
        raise TemplateFault(part, error) from None


def render_parts(
    jobs: list[tuple], sources: Sources, *, done: Callable[[object, Rendered], None] | None = None
) -> list[Rendered]:
    """Render each (part, context) of ``jobs`` (or find it in the cache); results in ``jobs``' order.

    Those not in the cache are rendered in a pool of worker processes when ``parallel.workers_for``
    says they are enough to pay for it, else here one by one. ``done(part, rendered)`` is called as
    each one is ready (for the build's progress), in the order they finish."""
    done = done or (lambda part, rendered: None)
    results: list[Rendered | None] = [None] * len(jobs)
    missing = []
    for index, (part, context) in enumerate(jobs):
        found, name = _cached(part_key(sources(part.template), context))
        if found is not None:
            results[index] = found
            done(part, found)
        else:
            missing.append((index, name))
    workers = parallel.workers_for(len(missing))
    if workers < 2:
        for index, _name in missing:
            part, context = jobs[index]
            results[index] = render_part(part, context, sources)
            done(jobs[index][0], results[index])
        return [result for result in results if result is not None]
    names = dict(missing)
    # The HTML is made here (Django's templates, the test's settings), a part at a time, each handed
    # to the pool as soon as it is made; WeasyPrint runs in the pool. Longest first (by the size of
    # its context, known before its HTML), so the last part to finish is a short one.
    order = sorted((index for index, _ in missing), key=lambda index: (-len(plain_json(jobs[index][1])), index))
    tasks = ((index, _html(*jobs[index])) for index in order)
    with contextlib.closing(parallel.render_all(tasks, workers)) as rendered:  # closed: the pool ends
        for index, content, pages in rendered:
            storage.save_bytes(names[index], content)
            results[index] = Rendered(names[index], pages, rendered=True)
            done(jobs[index][0], results[index])
    return [result for result in results if result is not None]


def render_overlays(
    boxes: list[tuple[float, float]], first_page: int, stamp: str, total: int | None = None
) -> Rendered:
    """One overlay page per page of a part (its upright size in points): "Page n of N" at the foot
    and the stamp at the top, in the pack's font."""
    sizes = sorted(set(boxes))
    context = {
        "pages": [{"number": first_page + index, "size": sizes.index(box)} for index, box in enumerate(boxes)],
        "sizes": [{"index": i, "width": round(w, 2), "height": round(h, 2)} for i, (w, h) in enumerate(sizes)],
        "stamp": stamp,
        "total": total,
    }
    source = template_source(OVERLAY_TEMPLATE)
    key = _digest("overlay", part_key(source, context))

    def make():
        return _weasyprint(render_to_string(OVERLAY_TEMPLATE, context), tagged=False)

    return _cached_or_render(key, make)


def render_stamp_kit(stamps: list[str]) -> Rendered:
    """The glyphs the merge writes page numbers and stamps with (see merge.StampKit)."""
    context = {"stamps": stamps}
    key = _digest("stamp-kit", part_key(template_source(STAMP_KIT_TEMPLATE), context))

    def make():
        return _weasyprint(render_to_string(STAMP_KIT_TEMPLATE, context), tagged=False)

    return _cached_or_render(key, make)


def engine_source_fingerprint() -> str:
    """Fingerprint of what every pack depends on besides its parts: the engine and the overlay template."""
    return _digest(ENGINE_VERSION, template_source(OVERLAY_TEMPLATE), template_source(STAMP_KIT_TEMPLATE))
