"""Active content in an uploaded PDF, taken out before the file is stored (issue 11, finding 9).

A PDF can carry things that a reader's PDF viewer runs or opens, not this service: JavaScript, an
action run when the file opens (``/OpenAction``) or when a page, a field or an annotation is used
(``/AA``, "additional actions"), links that launch programs, open other files or submit forms,
multimedia, files embedded in it and XFA forms (which carry their own scripts). Councillors open
agenda papers on council laptops; none of this belongs in a committee paper, so it is removed.
Ordinary links to web pages (and mail addresses), links within the document and opening at a
given page are kept.

The places where a viewer looks for active content are walked: the catalogue, its name trees and
form, the outline, and each page with its annotations. Objects that nothing refers to any more are
left out when the file is saved (qpdf writes only what is reachable), so an embedded file is gone
from the stored file, not merely unlinked. An embedded file can still be reachable another way (a
tagged PDF's structure tree refers to its annotations, and any object may refer to any other), so
every object is then swept once for files: a file specification loses its file, and an embedded
file stream its content.
"""

import pikepdf
from pikepdf import Array, Dictionary, Name

# Actions a viewer would run or that reach outside the document (ISO 32000-2, 12.6.4): scripts,
# programs, other files (a remote ``GoToR`` to \\server\share leaks the reader's Windows
# credentials), form submission and multimedia. GoTo, Named, Hide, URI (web and mail) are kept.
ACTIVE_ACTIONS = frozenset(
    Name(name)
    for name in (
        "/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/ResetForm", "/GoToE", "/GoToR",
        "/RichMediaExecute", "/Rendition", "/Sound", "/Movie", "/GoTo3DView",
    )
)  # fmt: skip
# Annotations that are embedded files or multimedia players: removed with their content.
ACTIVE_ANNOTATIONS = frozenset(
    Name(name) for name in ("/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D")
)
SAFE_URI_SCHEMES = ("http:", "https:", "mailto:")
_FILE_KEYS = frozenset(("/EF", "/RF", "/AF", "/FS"))  # where a dictionary holds or points to files
_CHAIN_LIMIT = 64  # actions chained through /Next, followed this far (a loop ends sooner)


def _first_visit(node, seen: set) -> bool:
    """True the first time an indirect object is met (direct objects cannot be met twice)."""
    if not node.is_indirect:
        return True
    if node.objgen in seen:
        return False
    seen.add(node.objgen)
    return True


def _is_active(action, depth=0, seen=None) -> bool:
    """Whether an action, or any action chained after it through /Next, is one to remove."""
    seen = set() if seen is None else seen
    if depth > _CHAIN_LIMIT:
        return True  # a chain this long is not an honest document's
    if isinstance(action, Array):
        return any(_is_active(each, depth + 1, seen) for each in action)
    if not isinstance(action, Dictionary):
        return False
    if not _first_visit(action, seen):
        return False
    kind = action.get("/S")
    if kind in ACTIVE_ACTIONS or "/JS" in action:
        return True
    if kind == Name.URI and not str(action.get("/URI", "")).strip().lower().startswith(SAFE_URI_SCHEMES):
        return True  # javascript:, file:, smb: and the like
    return "/Next" in action and _is_active(action.Next, depth + 1, seen)


class _Cleaner:
    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self.removed = False

    def drop(self, obj, *keys) -> None:
        for key in keys:
            if key in obj:
                del obj[key]
                self.removed = True

    def drop_active_action(self, obj) -> None:
        """Remove the object's own action (``/A``) if it is active, and its additional actions."""
        if "/A" in obj and _is_active(obj.A):
            self.drop(obj, "/A")
        self.drop(obj, "/AA")

    def catalog(self) -> None:
        root = self.pdf.Root
        # /AF, /Collection: associated files and portfolios, embedded files by another route.
        self.drop(root, "/AA", "/AF", "/Collection", "/NeedsRendering")
        # Opening at a page (a destination, or a GoTo action) is kept: office suites write it.
        if "/OpenAction" in root and _is_active(root.OpenAction):
            self.drop(root, "/OpenAction")
        names = root.get("/Names")
        if isinstance(names, Dictionary):
            self.drop(names, "/JavaScript", "/EmbeddedFiles")
        form = root.get("/AcroForm")
        if isinstance(form, Dictionary):
            self.drop(form, "/XFA")
            self.tree(form.get("/Fields"), children="/Kids")
        outlines = root.get("/Outlines")
        if isinstance(outlines, Dictionary):
            self.outline(outlines)

    def tree(self, nodes, *, children: str) -> None:
        """Form fields: each field and its kids, visited once each."""
        seen, stack = set(), list(nodes) if isinstance(nodes, Array) else []
        while stack:
            node = stack.pop()
            if not isinstance(node, Dictionary) or not _first_visit(node, seen):
                continue
            self.drop_active_action(node)
            kids = node.get(children)
            if isinstance(kids, Array):
                stack.extend(kids)

    def outline(self, outlines: Dictionary) -> None:
        """Bookmarks: each item (/First, then /Next along) may carry an action."""
        seen, stack = set(), [outlines.get("/First")]
        while stack:
            node = stack.pop()
            if not isinstance(node, Dictionary) or not _first_visit(node, seen):
                continue
            if "/A" in node and _is_active(node.A):
                self.drop(node, "/A")
            stack.extend((node.get("/Next"), node.get("/First")))

    def page(self, page: pikepdf.Page) -> None:
        self.drop(page.obj, "/AA", "/AF")
        annotations = page.obj.get("/Annots")
        if not isinstance(annotations, Array):
            return
        kept = []
        for annotation in annotations:
            if not isinstance(annotation, Dictionary):
                continue
            if annotation.get("/Subtype") in ACTIVE_ANNOTATIONS:
                self.removed = True
                continue
            self.drop_active_action(annotation)
            self.drop(annotation, "/AF")
            parent = annotation.get("/Parent")  # a widget's field, which may hold its actions
            for _ in range(_CHAIN_LIMIT):
                if not isinstance(parent, Dictionary):
                    break
                self.drop_active_action(parent)
                parent = parent.get("/Parent")
            kept.append(annotation)
        if len(kept) != len(annotations):
            page.obj.Annots = self.pdf.make_indirect(Array(kept))

    def embedded_files(self) -> None:
        """Files still reachable some other way: about 2 ms per thousand objects."""
        for obj in self.pdf.objects:
            if isinstance(obj, Dictionary):
                if _FILE_KEYS.isdisjoint(obj.keys()):  # one call for the keys, not one per key
                    continue
                self.drop(obj, "/EF", "/RF", "/AF")
                spec = obj.get("/FS")
                if isinstance(spec, Dictionary) and not spec.is_indirect:
                    self.drop(spec, "/EF", "/RF")
            elif isinstance(obj, pikepdf.Stream) and obj.get("/Type") == Name.EmbeddedFile:
                obj.write(b"")
                self.drop(obj, "/Params", "/DL")
                self.removed = True


def strip_active_content(pdf: pikepdf.Pdf) -> bool:
    """Take the active content out of an open PDF, in place. True if there was any."""
    cleaner = _Cleaner(pdf)
    cleaner.catalog()
    for page in pdf.pages:
        cleaner.page(page)
    cleaner.embedded_files()
    return cleaner.removed
