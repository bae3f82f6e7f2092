"""What a pack is made of: the description an app returns for one pack of one object."""

from dataclasses import dataclass, field


class Edition:
    """Edition names used by the apps (any string is allowed)."""

    PUBLIC = "public"
    CONFIDENTIAL = "confidential"  # members' edition with exempt papers, marked on every page
    SUPPLEMENT_PUBLIC = "supplement-public"
    SUPPLEMENT_CONFIDENTIAL = "supplement-confidential"


@dataclass(frozen=True)
class HtmlPart:
    """A generated part: ``template`` renders a whole HTML document extending packs/base.html.

    ``context`` must be plain data (str, int, Decimal as str, lists, dicts): it is hashed, with the
    template's own source, to cache the rendered PDF. ``bookmark`` is its outline title (None: no
    bookmark) at ``level`` (0 top). ``stamp`` (e.g. "Exempt") is printed on each of its pages.
    """

    key: str
    template: str
    context: dict = field(default_factory=dict)
    bookmark: str | None = None
    level: int = 0
    stamp: str = ""
    needs_page_numbers: bool = False


@dataclass(frozen=True)
class PdfPart:
    """An uploaded PDF, merged as it is and stamped with the pack's page numbers (and ``stamp``).

    ``storage_name``: its name in Django's default storage; ``sha256`` its recorded fingerprint
    (checked: a file that changed or went bad fails the build naming ``name``, e.g. "Appendix A,
    item 5: Strategic Commissioning").
    """

    key: str
    storage_name: str
    sha256: str
    name: str
    bookmark: str | None = None
    level: int = 1
    stamp: str = ""


@dataclass(frozen=True)
class PackSpec:
    title: str
    author: str
    parts: tuple
    lang: str = "en-GB"
    subject: str = ""
    filename: str = "pack.pdf"  # the name people download it as


@dataclass(frozen=True)
class Watermark:
    """A line of text stamped on pages of one downloaded copy (never on the stored version).

    ``pages``: the page numbers (from 1) to stamp; None: the pages of the parts that carry a stamp
    (``PackVersion.marked_pages``), or every page of a version stored before those were recorded.
    """

    text: str
    pages: tuple[int, ...] | None = None
