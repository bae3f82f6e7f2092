"""``Authorization: Bearer <token>`` (or ``Token <token>``) with a personal API token.

The API knows no other way in: not the session cookie (the pages are for the browser; a token is the
API's key), and a token opens nothing on the HTML site, whose views never read this header.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from ..models import ApiToken
from ..services.api_tokens import api_token_used, token_digest

KEYWORDS = (b"bearer", b"token")


class BearerTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Give the token after Bearer, with no spaces in it.")
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("This token is not valid.") from None
        token = ApiToken.objects.active().select_related("person").filter(digest=token_digest(raw)).first()
        if token is None:
            raise exceptions.AuthenticationFailed("This token is not valid, or has been revoked.")
        api_token_used(token=token)
        return token.person, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the token: HTTP bearer authentication."""

    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal API token (/api/tokens/)."}
