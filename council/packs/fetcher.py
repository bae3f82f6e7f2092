"""WeasyPrint's URL fetcher for packs: static and media files, and images inline, nothing else.

A pack is rendered on a worker with access to the network and the whole filesystem; a template
(or text typed into it) must not be able to read ``/etc/passwd``, call an internal address or
embed a file. So: ``file:`` URLs only when their real path (symlinks resolved) lies inside
STATIC_ROOT, STATICFILES_DIRS or MEDIA_ROOT; ``data:`` URIs only for images; every other scheme
(http, https, ftp…) refused, and no redirect is ever followed (nothing is fetched over a network).
``<link rel=attachment>`` and ``<a rel=attachment>`` are removed before rendering
(``strip_attachments``), since WeasyPrint would embed what they point at in the PDF.

A refused fetch is logged (logger ``council.packs.fetcher``) and the part renders without it: a
missing picture must not stop a clerk publishing the legal record.
"""

import logging
import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from weasyprint import URLFetcher
from weasyprint.urls import URLFetcherResponse

logger = logging.getLogger(__name__)

IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"}


class RefusedURL(ValueError):
    """A URL the pack engine will not fetch."""


def allowed_roots() -> list[str]:
    """The real paths of the folders a pack may read: static files (collected and source) and media."""
    roots = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS, settings.MEDIA_ROOT]
    found = []
    for root in roots:
        if isinstance(root, tuple | list):  # STATICFILES_DIRS entries may be (prefix, path)
            root = root[1]
        if root:
            found.append(os.path.realpath(root))
    return found


def base_url() -> str:
    """Relative URLs in pack templates (``images/crest.png``) resolve in the static source folder."""
    folder = next(iter(settings.STATICFILES_DIRS), None) or settings.STATIC_ROOT
    if isinstance(folder, tuple | list):
        folder = folder[1]
    return Path(os.path.realpath(folder)).as_uri() + "/"


def _inside(path: str, roots: list[str]) -> bool:
    return any(os.path.commonpath([path, root]) == root for root in roots)


class PackURLFetcher(URLFetcher):
    """Fetches what ``check`` allows and refuses (with a log line) everything else."""

    def __init__(self):
        super().__init__(allow_redirects=False, allowed_protocols=("file", "data"), fail_on_errors=False)
        self.refused: list[str] = []
        self._roots = allowed_roots()

    def fetch(self, url, headers=None):
        try:
            return self._fetch_allowed(url, headers)
        except RefusedURL as refusal:
            self.refused.append(url)
            logger.warning("Pack rendering refused to fetch %s: %s", url[:200], refusal)
            raise

    def _fetch_allowed(self, url, headers):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            media_type = url[5:].split(",", 1)[0].split(";", 1)[0].strip().lower()
            if media_type not in IMAGE_TYPES:
                raise RefusedURL(f"only images may be inline (data: {media_type or 'text/plain'})")
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedURL(f"the {scheme or 'unknown'} scheme is not allowed: packs use static and media files only")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL("a file on another machine")
        path = os.path.realpath(url2pathname(unquote(parts.path)))
        if not _inside(path, self._roots) or not os.path.isfile(path):
            raise RefusedURL("the file is outside the static and media folders")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        # Read now and close: WeasyPrint reads the body once.
        with open(path, "rb") as file:
            body = file.read()
        return URLFetcherResponse(Path(path).as_uri(), body, {"Content-Type": content_type})


def strip_attachments(document) -> int:
    """Remove ``<link rel=attachment>`` and ``rel=attachment`` from links in a parsed ``weasyprint.HTML``:
    WeasyPrint embeds their targets as PDF attachments. Returns how many were removed."""
    removed = 0
    root = document.etree_element
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1].lower()
        rel = element.get("rel", "").lower().split()
        if "attachment" not in rel:
            continue
        removed += 1
        if tag == "link":
            parents[element].remove(element)
        else:  # an ordinary link remains, pointing nowhere
            element.attrib.pop("rel", None)
            element.attrib.pop("href", None)
    if removed:
        logger.warning("Pack rendering removed %d attachment link(s)", removed)
    return removed
