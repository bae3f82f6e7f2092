"""Personal copies: a stored pack with a line of text on some of its pages, made for one download.

A kind's ``on_download`` may return a ``Watermark`` (the agenda kind does for a members'
confidential pack: "Downloaded by <name> on <date> at <time>" on each exempt page), so that a
leaked copy names its source. The copy is written to an anonymous temporary file, served, and gone
when the response is closed; the stored version is only read, so its file and SHA-256 never change.

The line is rendered once per copy by WeasyPrint, untagged, in the pack's own font (DejaVu Sans,
embedded as a subset: any name prints as typed, and the copy keeps PDF/UA's rule that every font
used is embedded), one overlay page per page size, at the foot on the left, clear of the page
number. Each marked page draws it after its own content, as a form XObject inside ``/Artifact``
marked content (a pagination artifact of subtype Watermark): the page's content, its marked-content
ids and the structure tree are untouched, assistive technology skips the line, and the title,
language and metadata are those of the stored version.
"""

import io
import tempfile
from collections.abc import Iterable
from typing import IO

import pikepdf
from django.template.loader import render_to_string
from pikepdf import Name

from . import render, storage
from .merge import _rotation, _visible_box, artifact, draw_after, upright_size
from .spec import Watermark

TEMPLATE = "packs/watermark.html"
ARTIFACT = b"/Artifact <</Type /Pagination /Subtype /Watermark>> BDC"
LEFT, NUMBER_ROOM = 14.0, 55.0  # points: the left margin, and half the width kept for "Page n of N"


def _room(width: float) -> float:
    return round(max(width / 2 - LEFT - NUMBER_ROOM, 72), 2)


def render_line(text: str, sizes: list[tuple[float, float]]) -> bytes:
    """One overlay page per (width, height) in points, with ``text`` at the foot on the left."""
    context = {
        "text": text,
        "left": LEFT,
        "sizes": [
            {"index": index, "width": width, "height": height, "room": _room(width)}
            for index, (width, height) in enumerate(sizes)
        ],
    }
    content, _ = render._weasyprint(render_to_string(TEMPLATE, context), tagged=False)
    return content


def stamp(source: str, target, *, text: str, pages: Iterable[int] | None) -> int:
    """Write to ``target`` (a path or a binary file) the PDF at ``source`` with ``text`` on each of
    ``pages`` (numbers from 1; None: every page); returns how many pages were stamped."""
    with pikepdf.open(source) as pdf:
        count = len(pdf.pages)
        numbers = range(1, count + 1) if pages is None else sorted({n for n in pages if 1 <= n <= count})
        chosen = [(number, pdf.pages[number - 1]) for number in numbers]
        if chosen:
            sizes = sorted({upright_size(page.obj) for _, page in chosen})
            with pikepdf.open(io.BytesIO(render_line(text, sizes))) as lines:
                forms = [pdf.copy_foreign(page.as_form_xobject()) for page in lines.pages]
            opening = pdf.make_stream(b"q\n")
            closings: dict = {}
            for _, page in chosen:
                index = sizes.index(upright_size(page.obj))
                _draw(pdf, page, forms[index], Name(f"/PackWatermark{index}"), opening, closings)
        pdf.save(target)
    return len(chosen)


def _draw(pdf: pikepdf.Pdf, page: pikepdf.Page, form, name: Name, opening, closings: dict) -> None:
    """Draw ``form`` over ``page``'s upright visible box (rotated pages too), as an artifact, after
    the page's own content (wrapped in q/Q so its graphics state cannot move the line).

    The resource is named after the page size, so pages that share a resource dictionary find the
    overlay of their own size; pages of one size and box share the closing stream."""
    page.add_resource(form, Name.XObject, name)
    box = _visible_box(page.obj)
    key = (str(name), (box.llx, box.lly, box.urx, box.ury), _rotation(page.obj), float(page.obj.get("/UserUnit", 1)))
    if key not in closings:
        placement = page.calc_form_xobject_placement(
            form, name, box, invert_transformations=True, allow_shrink=True, allow_expand=True
        )
        closings[key] = artifact(pdf, placement, ARTIFACT)
    draw_after(page, opening, closings[key])


def personal_copy(version, watermark: Watermark) -> IO[bytes]:
    """``version`` with ``watermark`` stamped, in a temporary file (deleted when closed), read from
    its start. Its pages: the watermark's own, else the version's stamped pages, else (a version
    stored before those were recorded) every page."""
    pages = watermark.pages if watermark.pages is not None else version.marked_page_numbers()
    copy = tempfile.TemporaryFile(prefix="pack-copy-")  # noqa: SIM115  (the response closes it)
    try:
        with storage.local_path(version.file.name) as path:
            stamp(path, copy, text=watermark.text, pages=pages)
        copy.seek(0)
    except BaseException:
        copy.close()
        raise
    return copy
