"""HTTP caching of API responses: ``ETag`` and ``Last-Modified``, and ``304 Not Modified`` for a
conditional request whose copy is still current.

The ETag is a hash of the rendered body, so it is right for every reader (a token's holder sees
more, and gets another tag) and needs no "changed at" field on every record. ``Last-Modified`` is
when this URL first answered with this body, remembered in the cache: a body that changes gets a new
time, and a cache that forgot gives a later time (a full answer, never a stale 304).
"""

import hashlib

from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

#: How long the cache remembers when a URL first gave a body (then it says "now" again).
REMEMBER_SECONDS = 60 * 60 * 24 * 30


def conditional(request, response):
    """Add the validators to a successful GET or HEAD ``response`` (rendering it) and answer 304 (or
    412) when the request's If-None-Match or If-Modified-Since says the client's copy is current."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    response.render()
    digest = hashlib.sha256(response.content).hexdigest()
    etag = f'"{digest[:40]}"'
    key = "api-first-seen:" + hashlib.sha256(f"{request.get_full_path()}\n{etag}".encode()).hexdigest()
    first_seen = cache.get_or_set(key, int(timezone.now().timestamp()), REMEMBER_SECONDS)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(first_seen)
    authenticated = bool(getattr(request, "auth", None))
    response["Cache-Control"] = "private, no-cache" if authenticated else "public, max-age=60"
    patch_vary_headers(response, ["Authorization"])
    return get_conditional_response(request, etag=etag, last_modified=first_seen, response=response)
