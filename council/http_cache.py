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
"""

import hashlib

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
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
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
        response["ETag"] = etag
        return get_conditional_response(request, etag=etag, response=response)

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
