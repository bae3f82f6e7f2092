"""Merging a pack with pikepdf: parts in order, uploaded PDFs stamped (never re-rendered), one
structure tree, bookmarks per part, document metadata.

Uploaded PDFs are checked against their recorded SHA-256 before anything else: one that changed,
went missing, is damaged or is password-protected fails the build with its name. Files are opened
lazily from disk (qpdf reads only what it copies), so a 300-page pack is never held in memory whole.

The structure trees of the tagged parts (every generated part; uploaded PDFs that are tagged) become
one tree: each part's ``Document`` element becomes a ``Part`` of the pack's ``Document``, with its
parent-tree keys and its pages' ``StructParents`` shifted to stay unique. Stamps on uploaded pages are
marked as artifacts, so readers skip them.
"""

import contextlib
import re
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, Rectangle, String

from .storage import sha256_of

PRODUCER = "Council pack engine (WeasyPrint and pikepdf)"


class PackError(Exception):
    """A build cannot go on; ``message`` says why in words a clerk understands, naming the document."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def document_label(name: str) -> str:
    """“Appendix A” (item 5: Strategic Commissioning) from "Appendix A, item 5: Strategic Commissioning"."""
    match = re.match(r"^(.*?),\s*(item .*)$", name, flags=re.IGNORECASE)
    if match:
        return f"“{match.group(1)}” ({match.group(2)})"
    return f"“{name}”"


def unreadable(name: str, why: str) -> PackError:
    return PackError(
        f"The supporting document {document_label(name)} could not be read: {why}. "
        "Upload a good copy of it, then build the pack again."
    )


@dataclass(frozen=True)
class Upload:
    pages: int
    boxes: list  # each page's upright size in points (width, height), for its overlay


def _inherited(page: Dictionary, key: str):
    node = page
    for _ in range(50):
        if key in node:
            return node[key]
        if "/Parent" not in node:
            return None
        node = node.Parent
    return None


def _rotation(page: Dictionary) -> int:
    value = _inherited(page, "/Rotate")
    return int(value) % 360 if value is not None else 0


def _visible_box(page: Dictionary) -> Rectangle:
    box = _inherited(page, "/CropBox") or _inherited(page, "/MediaBox")
    return Rectangle(box)


def upright_size(page: Dictionary) -> tuple[float, float]:
    box = _visible_box(page)
    unit = float(page.get("/UserUnit", 1))
    width, height = abs(box.width) * unit, abs(box.height) * unit
    if _rotation(page) in (90, 270):
        width, height = height, width
    return round(width, 2), round(height, 2)


def too_many_pages(name: str, pages: int, before: int, limit: int) -> PackError:
    after = f", after {before:,} pages of documents before it" if before else ""
    return PackError(
        f"The pack would have more than {limit:,} pages of supporting documents, the most one pack can have: "
        f"{document_label(name)} has {pages:,} pages{after}. Remove or shorten documents, then build the pack again."
    )


def check_upload(part, path: str, *, before: int = 0, limit: int | None = None) -> Upload:
    """Check an uploaded PDF before the build uses it; raise PackError naming it if it cannot be used.

    ``before``: pages of the uploads ahead of it in the pack; with them it may have ``limit`` pages
    at most, checked on qpdf's count of its page tree, before anything is done page by page."""
    try:
        matches = sha256_of(path) == part.sha256
    except OSError:
        raise unreadable(part.name, "it is missing from the document store") from None
    try:
        # Inherited attributes are not pushed down to every page on opening (upright_size finds
        # them), so nothing is read page by page before the limit is checked.
        with pikepdf.open(path, attempt_recovery=False, inherit_page_attributes=False) as pdf:
            if pdf.is_encrypted:
                raise unreadable(part.name, "it is password-protected")
            declared = pdf.Root.Pages.get("/Count")  # one number: a file far over the limit stops here
            if matches and limit is not None and isinstance(declared, int) and before + declared > limit:
                raise too_many_pages(part.name, declared, before, limit)
            pages = len(pdf.pages)
            if not pages:
                raise unreadable(part.name, "it has no pages")
            if not matches:
                raise unreadable(
                    part.name, "it has changed since it was uploaded (its SHA-256 fingerprint no longer matches)"
                )
            if limit is not None and before + pages > limit:
                raise too_many_pages(part.name, pages, before, limit)
            boxes = [upright_size(page.obj) for page in pdf.pages]
    except pikepdf.PasswordError:
        raise unreadable(part.name, "it is password-protected") from None
    except PackError:
        raise
    except Exception:  # qpdf raises several kinds for damaged files; all mean the same to a clerk
        raise unreadable(part.name, "it is damaged") from None
    return Upload(pages, boxes)


@dataclass(frozen=True)
class Piece:
    """One part ready to merge: its PDF on disk, its bookmark, and for an upload how its pages are
    numbered: with the stamp kit (``numbered``), or with overlays rendered page by page."""

    path: str
    bookmark: str | None
    level: int
    overlay_path: str | None = None
    name: str = ""  # for an upload: the document's name, for errors
    numbered: bool = False
    stamp: str = ""


def _number_tree(node):
    if "/Nums" in node:
        nums = node.Nums
        for index in range(0, len(nums), 2):
            yield int(nums[index]), nums[index + 1]
    for kid in node.get("/Kids", []):
        yield from _number_tree(kid)


class _Structure:
    """The pack's one structure tree, built part by part."""

    def __init__(self, out: pikepdf.Pdf):
        self.out = out
        self.root = out.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=self.root, K=Array()))
        self.nums: list = []
        self.next_key = 0
        self.role_map = Dictionary()
        self.every_part_tagged = True

    def add(self, source: pikepdf.Pdf, pages: list) -> None:
        tree = source.Root.get("/StructTreeRoot")
        if tree is None:
            self.every_part_tagged = False
            for page in pages:  # keys into a tree that is not coming along
                if "/StructParents" in page.obj:
                    del page.obj["/StructParents"]
            return
        tree = self.out.copy_foreign(tree)
        offset = self.next_key
        largest = -1
        if "/ParentTree" in tree:
            for key, value in _number_tree(tree.ParentTree):
                self.nums.append((key + offset, value))
                largest = max(largest, key)
        largest = max(largest, int(tree.get("/ParentTreeNextKey", 0)) - 1)
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
                largest = max(largest, int(page.obj.StructParents) - offset)
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        self.next_key = offset + largest + 1
        for name, value in tree.get("/RoleMap", Dictionary()).items():
            if name not in self.role_map:
                self.role_map[name] = value
        kids = tree.get("/K")
        kids = list(kids) if isinstance(kids, Array) else ([kids] if kids is not None else [])
        for kid in kids:
            if not isinstance(kid, Dictionary):
                continue
            if kid.get("/S") == Name.Document:
                kid.S = Name.Part
            kid.P = self.document
            self.document.K.append(kid)

    def finish(self) -> None:
        self.nums.sort(key=lambda entry: entry[0])
        flat = Array()
        for key, value in self.nums:
            flat.append(key)
            flat.append(value)
        self.root.K = self.document
        self.root.ParentTree = self.out.make_indirect(Dictionary(Nums=flat))
        self.root.ParentTreeNextKey = self.next_key
        if len(self.role_map):
            self.root.RoleMap = self.role_map
        self.out.Root.StructTreeRoot = self.root
        self.out.Root.MarkInfo = Dictionary(Marked=True)


def _strip_risky(page: pikepdf.Page) -> None:
    """No embedded files or page actions come in with an uploaded page."""
    if "/AA" in page.obj:
        del page.obj["/AA"]
    annotations = page.obj.get("/Annots")
    if annotations is not None:
        kept = Array([a for a in annotations if a.get("/Subtype") != Name.FileAttachment])
        if len(kept) != len(annotations):
            page.obj.Annots = kept


KIT_NUMBER_LINE = "Page 0123456789 of"  # the kit's first line (templates/packs/stamp_kit.html)


class StampKitUnusable(Exception):
    """The stamp kit's glyph runs were not as expected: number the pages with rendered overlays."""


def _stamp(out: pikepdf.Pdf, page: pikepdf.Page, overlay: pikepdf.Stream, number: int) -> None:
    """Overlay ``overlay`` (drawn at the page's upright size) on ``page`` as an artifact, upright on
    rotated pages and scaled to the visible box, without rewriting the page's own content.

    The resource is named after the pack page's number: unique even where pages share one
    resource dictionary, and the same name for the same pack (a random name would change the file)."""
    formx = overlay if overlay.is_owned_by(out) else out.copy_foreign(overlay)
    name = page.add_resource(formx, Name.XObject, Name(f"/PackStamp{number}"))
    placement = page.calc_form_xobject_placement(
        formx, name, _visible_box(page.obj), invert_transformations=True, allow_shrink=True, allow_expand=True
    )
    opening = out.make_stream(b"q\n")
    draw_after(page, opening, artifact(out, placement))


def artifact(out: pikepdf.Pdf, placement: bytes, tag: bytes = b"/Artifact BMC") -> pikepdf.Stream:
    """A content stream drawing ``placement`` as marked-content ``tag`` (an artifact: assistive
    technology skips it), after restoring the graphics state the page's own content left."""
    return out.make_stream(b"\nQ\n" + tag + b"\nq\n" + placement + b"\nQ\nEMC\n")


def draw_after(page: pikepdf.Page, opening: pikepdf.Stream, closing: pikepdf.Stream) -> None:
    """Put the page's own content between ``opening`` (q) and ``closing`` (an ``artifact``), so its
    graphics state cannot move what is drawn over it; the page's content is not rewritten."""
    contents = page.obj.get("/Contents")
    existing = list(contents) if isinstance(contents, Array) else ([contents] if contents is not None else [])
    page.obj.Contents = Array([opening, *existing, closing])


class StampKit:
    """Page numbers and stamps written with the glyphs of one small WeasyPrint rendering.

    The kit (templates/packs/stamp_kit.html) has one text run "Page 0123456789" and one run per
    stamp. Its embedded font subsets are copied into the pack once; each uploaded page then gets a
    few text operators using them, so numbering a 1,000-page upload renders nothing per page.
    ``from_pdf`` returns None if the runs are not as expected (a font fallback, a ligature): the
    builder then renders the overlays page by page instead.
    """

    NUMBER_COLOUR = (0.043, 0.047, 0.047)  # #0b0c0c
    STAMP_COLOUR = (0.831, 0.208, 0.110)  # #d4351c
    MARGIN = 12.0

    def __init__(self, out, fonts, number_run, stamp_runs):
        self.out = out
        self.fonts = fonts  # resource name -> font object in ``out``
        self.number_run = number_run
        self.stamp_runs = stamp_runs

    @classmethod
    def from_pdf(cls, out: pikepdf.Pdf, kit: pikepdf.Pdf, stamps: list[str]) -> "StampKit | None":
        page = kit.pages[0]
        runs, font, size = [], None, None
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name == "Tf":
                font, size = str(operands[0]), float(operands[1]) * 0.75  # WeasyPrint draws in px
            elif name == "TJ" and font is not None:
                runs.append((font, size, list(operands[0])))
        if len(runs) != 1 + len(stamps):
            return None
        widths, fonts = {}, {}
        for name, font_object in page.Resources.Font.items():
            if "/DescendantFonts" not in font_object:
                return None
            widths[name] = _glyph_widths(font_object.DescendantFonts[0])
            fonts[name] = out.copy_foreign(font_object)
        number_font, number_size, number_items = runs[0]
        glyphs = [item for item in number_items if isinstance(item, pikepdf.String)]
        if len(glyphs) != len(KIT_NUMBER_LINE):
            return None
        at = [i for i, item in enumerate(number_items) if isinstance(item, pikepdf.String)]
        number_run = {
            "font": number_font,
            "size": number_size,
            "prefix": number_items[: at[4] + 1],  # "Page "
            "digits": {str(digit): glyphs[5 + digit] for digit in range(10)},
            "of": [*number_items[at[15] : at[17] + 1], glyphs[4]],  # " of " (the last space: the first's)
            "widths": widths[number_font],
        }
        stamp_runs = {
            stamp: {"font": f, "size": z, "items": items, "width": _run_width(items, widths[f], z)}
            for stamp, (f, z, items) in zip(stamps, runs[1:], strict=True)
        }
        return cls(out, fonts, number_run, stamp_runs)

    def overlay(self, width: float, height: float, number: int, stamp: str, total: int | None = None) -> pikepdf.Stream:
        """A form XObject of the page's upright size with its number, "Page n of N" (and stamp)."""
        run = self.number_run
        items = [*run["prefix"], *(run["digits"][digit] for digit in str(number))]
        if total:
            items += [*run["of"], *(run["digits"][digit] for digit in str(total))]
        text_width = _run_width(items, run["widths"], run["size"])
        size = run["size"]
        x, y = (width - text_width) / 2, self.MARGIN + 2
        ops = [
            "q 1 1 1 rg",
            f"{x - 5:.2f} {y - 3:.2f} {text_width + 10:.2f} {size + 4:.2f} re f",
            "{:.3f} {:.3f} {:.3f} rg".format(*self.NUMBER_COLOUR),
            f"BT {_font_operand(run)} {size:.2f} Tf {x:.2f} {y:.2f} Td",
        ]
        content = "\n".join(ops).encode() + b" " + pikepdf.Array(items).unparse() + b" TJ ET Q\n"
        if stamp:
            kit = self.stamp_runs[stamp]
            sx, sy = width - 14 - 6 - kit["width"], height - self.MARGIN - kit["size"] - 2
            box = f"{sx - 6:.2f} {sy - 3:.2f} {kit['width'] + 12:.2f} {kit['size'] + 6:.2f} re"
            content += (
                "q 1 1 1 rg {box} f {r:.3f} {g:.3f} {b:.3f} RG 1.5 w {box} S {r:.3f} {g:.3f} {b:.3f} rg".format(
                    box=box, r=self.STAMP_COLOUR[0], g=self.STAMP_COLOUR[1], b=self.STAMP_COLOUR[2]
                ).encode()
                + f" BT {_font_operand(kit)} {kit['size']:.2f} Tf {sx:.2f} {sy:.2f} Td ".encode()
                + pikepdf.Array(kit["items"]).unparse()
                + b" TJ ET Q\n"
            )
        return self.out.make_stream(
            content,
            Type=Name.XObject,
            Subtype=Name.Form,
            BBox=Array([0, 0, width, height]),
            Resources=Dictionary(Font=Dictionary(self.fonts)),
        )


def _font_operand(run: dict) -> str:
    return pikepdf.Name(run["font"]).unparse().decode()


def _glyph_widths(descendant: Dictionary) -> dict[bytes, float]:
    """Advance widths (thousandths of an em) by two-byte glyph code, from a CID font's /W array."""
    default = float(descendant.get("/DW", 1000))
    widths: dict[bytes, float] = {}
    entries = list(descendant.get("/W", []))
    index = 0
    while index < len(entries):
        first = int(entries[index])
        following = entries[index + 1]
        if isinstance(following, Array):
            for offset, value in enumerate(following):
                widths[(first + offset).to_bytes(2, "big")] = float(value)
            index += 2
        else:
            for code in range(first, int(following) + 1):
                widths[code.to_bytes(2, "big")] = float(entries[index + 2])
            index += 3
    widths[b"default"] = default
    return widths


def _run_width(items, widths: dict, size: float) -> float:
    total = 0.0
    for item in items:
        if isinstance(item, pikepdf.String):
            data = bytes(item)
            for offset in range(0, len(data), 2):
                total += widths.get(data[offset : offset + 2], widths[b"default"])
        else:
            total -= float(item)
    return total / 1000 * size


def _outline(out: pikepdf.Pdf, marks: list[tuple[str, int, int]]) -> None:
    with out.open_outline() as outline:
        stack: list[tuple[int, OutlineItem]] = []
        for title, level, page_index in marks:
            item = OutlineItem(title, page_index)
            while stack and stack[-1][0] >= level:
                stack.pop()
            (stack[-1][1].children if stack else outline.root).append(item)
            stack.append((level, item))


def _metadata(out: pikepdf.Pdf, *, title: str, author: str, lang: str, subject: str, tagged: bool) -> None:
    out.docinfo["/Title"] = String(title)
    out.docinfo["/Author"] = String(author)
    if subject:
        out.docinfo["/Subject"] = String(subject)
    out.docinfo["/Producer"] = String(PRODUCER)
    out.Root.Lang = String(lang)
    out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    # No dates: identical inputs must give the identical file.
    with out.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        meta["dc:creator"] = [author]
        if subject:
            meta["dc:description"] = subject
        meta["dc:language"] = [lang]
        meta["pdf:Producer"] = PRODUCER
        if tagged:
            meta["pdfuaid:part"] = "1"


def merge(
    pieces: list[Piece],
    target: str,
    *,
    title: str,
    author: str,
    lang: str,
    subject: str = "",
    stamp_kit: str | None = None,
    stamps: tuple = (),
    total_pages: int | None = None,
) -> int:
    """Write the pack to ``target``; returns its page count. ``total_pages``: the pack's length, for
    "Page n of N" (the builder knows it from the parts' page counts)."""
    with contextlib.ExitStack() as stack:
        out = stack.enter_context(pikepdf.new())
        kit = None
        if stamp_kit:
            kit = StampKit.from_pdf(out, stack.enter_context(pikepdf.open(stamp_kit)), list(stamps))
            if kit is None:
                raise StampKitUnusable
        structure = _Structure(out)
        marks = []
        for piece in pieces:
            try:
                source = stack.enter_context(pikepdf.open(piece.path))
            except Exception:
                raise unreadable(piece.name or "part", "it is damaged") from None
            start = len(out.pages)
            out.pages.extend(source.pages)
            pages = [out.pages[index] for index in range(start, len(out.pages))]  # not every page again
            structure.add(source, pages)
            if piece.bookmark:
                marks.append((piece.bookmark, piece.level, start))
            if piece.overlay_path:
                overlays = stack.enter_context(pikepdf.open(piece.overlay_path))
                if len(overlays.pages) != len(pages):
                    raise PackError(f"The page numbers for {document_label(piece.name)} could not be stamped.")
                for number, (page, overlay) in enumerate(zip(pages, overlays.pages, strict=True), start=start + 1):
                    _strip_risky(page)
                    _stamp(out, page, overlay.as_form_xobject(), number)
            elif piece.numbered:
                for number, page in enumerate(pages, start=start + 1):
                    _strip_risky(page)
                    width, height = upright_size(page.obj)
                    _stamp(out, page, kit.overlay(width, height, number, piece.stamp, total_pages), number)
        structure.finish()
        _outline(out, marks)
        _metadata(out, title=title, author=author, lang=lang, subject=subject, tagged=structure.every_part_tagged)
        out.save(target, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return len(out.pages)
