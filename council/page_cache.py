"""A signed-in person's own copy of a busy, read-mostly page (``@private_page``), served again to
the same person in the same session without building the page, until any record changes.

The public's pages are kept once for everyone (``council/http_cache.py``); a signed-in page depends
on who asks (their grants, roles, seats, need-to-know), so its copy is kept for one person, in one
session, and never shared. The copy's key holds:

- the record's version (``record_version``): every save, delete and many-to-many change of any
  record moves it on, a guardian grant, a group membership and a role included, so a grant taken
  back, a role changed or an item made exempt is seen on the very next request;
- the session and its two-factor state (the device that verified it): signing out ends the session
  (the person is then anonymous, and nothing is served from here), a step-up is another key;
- the person, the CSRF cookie (a kept form's token stays the one this browser can post), the full
  address (host, path and query) and the Accept header.

A copy lives PRIVATE_PAGE_MAX_AGE at most (a write that sends no signal, a QuerySet ``update``, and
text that changes with the clock, "due in 3 days", are at most that old).

Never kept: anything but a GET answered 200 by a view marked ``@private_page``; a streaming
response; one that sets a cookie or says how it may be cached itself; a page shown while a message
(django.contrib.messages) waits or was shown; a request without the CSRF cookie (the page would hold
a token for a cookie the browser has not got yet); a response the view marks ``not_kept`` (a pack
build in progress, whose state moves by ``update``). Views that record who read what (an exempt
paper's opening, ``scrutiny.services.exempt_access_record``) must never be marked: a copy served
from here would not be recorded.

A cache that is down never breaks the page: it is rendered as if nothing were kept
(docs/decisions/0045-private-page-cache.md).
"""

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache

from .http_cache import record_version

logger = logging.getLogger(__name__)

_NOT_KEPT = "_council_page_not_kept"


def not_kept(request) -> None:
    """This response is not to be kept (the view shows something that moves without a record
    changing, e.g. a pack build's progress)."""
    setattr(request, _NOT_KEPT, True)


def _messages_pending(request) -> bool:
    # len() reads the stored messages without marking them shown: they stay for the page that shows them.
    return bool(len(messages.get_messages(request)))


def _answerable(request) -> bool:
    user = getattr(request, "user", None)
    return (
        settings.PRIVATE_PAGE_CACHE
        and request.method == "GET"
        and getattr(user, "is_authenticated", False)
        and request.session.session_key is not None
        and settings.CSRF_COOKIE_NAME in request.COOKIES
        and not _messages_pending(request)
    )


def _key(request) -> str | None:
    """The key of this person's copy of this page in this session, or None if the cache is down."""
    device = getattr(request.user, "otp_device", None)
    parts = (
        request.session.session_key,
        str(request.user.pk),
        getattr(device, "persistent_id", "") or "",
        request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        request.build_absolute_uri(),
        request.META.get("HTTP_ACCEPT", ""),
    )
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    try:
        return f"private-pages:{record_version()}:{digest}"
    except Exception:  # a cache that is down: the page is rendered as if nothing were kept
        logger.warning("The private pages' cache is unavailable", exc_info=True)
        return None


def _keepable(request, response) -> bool:
    storage = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and not getattr(request, _NOT_KEPT, False)
        and not (storage is not None and (storage.used or len(storage)))
    )


def private_page(view):
    """Keep this signed-in page's copy for the person who asked, in their session (module doc).
    Only for a read-only page (or the GET of one) that records nothing about the reading."""

    @wraps(view)
    def serve(request, *args, **kwargs):
        key = _key(request) if _answerable(request) else None
        if key is not None:
            try:
                kept = cache.get(key)
            except Exception:
                logger.warning("The private pages' cache is unavailable", exc_info=True)
                kept = None
            if kept is not None:
                return kept
        response = view(request, *args, **kwargs)
        if key is not None and _keepable(request, response):
            try:
                cache.set(key, response, settings.PRIVATE_PAGE_MAX_AGE)
            except Exception:
                logger.warning("The private pages' cache is unavailable", exc_info=True)
        return response

    return serve
