"""HTTP caching of the public record's pages: ``Cache-Control: public`` and an ``ETag`` (with ``304
Not Modified`` for a conditional request whose copy is current) on what a visitor who has not signed
in is shown, so a browser or a shared cache (a CDN in front of the service) need not ask the app for
the same published agenda again and again. Never on anything else:

- a response to a request that carries a session cookie (a signed-in person, or one half-way
  through signing in, whom the public pages answer as the public meanwhile) is ``private``;
- only views marked public (``permissions.public``), only GET and HEAD, only 200;
- never a response that sets a cookie, holds a CSRF token (a form's token belongs to one visitor),
  or already says how it may be cached (documents, packs and the API decide their own);
- ``Vary: Cookie``, so a shared cache never answers a signed-in person with the public's copy.

The ETag is a hash of the body, so it is right whatever changed (no "changed at" on every record).

The app is its own shared cache too: the public's copy of a page is kept in the cache (Redis) and
served again without a query, under the record's version (``record_version``), which every change
to any record moves on once its transaction commits, and for PUBLIC_PAGE_MAX_AGE at most (as long
as a CDN may keep it: a write that bypasses the signals, a QuerySet ``update``, is seen within
that). Only a request with no session cookie is answered from it, only for what it would be
``public`` for above (docs/decisions/0041-public-page-cache.md).
"""

import hashlib
import logging
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

logger = logging.getLogger(__name__)

VERSION_KEY = "public-pages:version"
#: Saves that change no page (a session's last-seen time, the audit rows that go with a real change).
_IGNORED_APPS = {"sessions", "axes"}


def record_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), None)  # never 1 again after an eviction: old keys stay old
        version = cache.get(VERSION_KEY)
    return version


def _bump() -> None:
    # Never raises: a cache that is down (Redis stopped) must not turn the change being saved into an
    # error page. Its kept pages are unreachable meanwhile (``_cached`` answers nothing) and expire
    # within PUBLIC_PAGE_MAX_AGE.
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # evicted or never read: a new, larger version
            cache.set(VERSION_KEY, time.time_ns(), None)
    except Exception:  # the cache backend's own connection errors
        logger.warning("The public pages' version could not be moved on: the cache is unavailable", exc_info=True)


def record_changed(sender, **kwargs) -> None:
    """post_save, post_delete and m2m_changed of every model: the public's cached pages are old. Moved
    on now and again once the transaction commits: a page rendered meanwhile from what was there
    before is kept under the version in between, never read after the commit."""
    if not (settings.PUBLIC_PAGE_CACHE or settings.PRIVATE_PAGE_CACHE):  # it only names the app's own copies
        return
    meta = sender._meta
    if meta.app_label in _IGNORED_APPS or meta.object_name.startswith("Historical"):
        return
    _bump()
    transaction.on_commit(_bump, robust=True)


def _page_key(request) -> str | None:
    """The cache key of the public's copy of this page, or None when the cache does not answer. The
    Accept header is part of it: a page that answers JSON or text to those who ask (the health
    check's formats) is kept once per kind of answer."""
    address = f"{request.get_full_path()}\n{request.META.get('HTTP_ACCEPT', '')}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    try:
        return f"public-pages:{record_version()}:{digest}"
    except Exception:  # a cache that is down: the page is rendered as if nothing were kept
        logger.warning("The public pages' cache is unavailable", exc_info=True)
        return None


def _cache_get(key: str):
    try:
        return cache.get(key)
    except Exception:
        logger.warning("The public pages' cache is unavailable", exc_info=True)
        return None


def _cache_set(key: str, response) -> None:
    try:
        cache.set(key, response, settings.PUBLIC_PAGE_MAX_AGE)
    except Exception:
        logger.warning("The public pages' cache is unavailable", exc_info=True)


def _answerable_from_cache(request) -> bool:
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES  # a message waits for this visitor
    )


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _page_key(request) if settings.PUBLIC_PAGE_CACHE and _answerable_from_cache(request) else None
        if key is not None:
            kept = _cache_get(key)
            if kept is not None:
                return self._conditional(request, kept)
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.has_header("Cache-Control"):
            return response
        if settings.SESSION_COOKIE_NAME in request.COOKIES or getattr(request.user, "is_authenticated", False):
            patch_cache_control(response, private=True)
            return response
        if not self._shareable(request, response):
            return response
        patch_vary_headers(response, ("Cookie",))
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
        if key is not None:
            _cache_set(key, response)
        return self._conditional(request, response)

    @staticmethod
    def _conditional(request, response):
        return get_conditional_response(request, etag=response["ETag"], response=response)

    def process_view(self, request, view_func, view_args, view_kwargs):
        request._council_public_view = not getattr(view_func, "login_required", True)

    @staticmethod
    def _shareable(request, response) -> bool:
        return (
            getattr(request, "_council_public_view", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        )
