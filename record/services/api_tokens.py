"""Writes on personal API tokens: make one (shown once), revoke one, note the day it was used."""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from council.errors import RuleError
from council.history import saved_by

from .. import access
from ..models import ApiToken

#: Tokens start with this, so a leaked one is recognisable (secret scanners, logs).
TOKEN_PREFIX = "cgapi_"  # noqa: S105 (a label, not a secret)
MAX_ACTIVE_TOKENS = 10


def token_digest(raw: str) -> str:
    """The SHA-256 kept in place of the token: a token is 32 random bytes, so no slow hash is needed."""
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, person, name: str, by) -> tuple[ApiToken, str]:
    """Make a token for ``person`` (only themselves: ``by``); returns the token and its secret,
    which is shown to them once and never stored."""
    if not access.can_hold_api_token(by) or by != person:
        raise RuleError("You can make API tokens only for yourself, while signed in.")
    name = name.strip()
    if not name:
        raise RuleError("Enter a name for the token", field="name")
    working = ApiToken.objects.active().filter(person=person)
    # Names tell tokens apart (and a page posted twice, by reloading it, makes no second token).
    if working.filter(name__iexact=name).exists():
        raise RuleError(f"You already have a token named {name}. Give this one another name.", field="name")
    if working.count() >= MAX_ACTIVE_TOKENS:
        raise RuleError(f"You already have {MAX_ACTIVE_TOKENS} tokens. Revoke one you no longer use first.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(person=person, name=name, digest=token_digest(raw), prefix=raw[: len(TOKEN_PREFIX) + 4])
    return saved_by(token, by, "API token made"), raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke ``token``: it stops working at once. Its holder, or an Administrator, revokes it."""
    if not access.can_revoke_api_token(by, token):
        raise RuleError("You can revoke only your own API tokens.")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.is_revoked:
        raise RuleError("This token has already been revoked.")
    token.revoked_at = timezone.now()
    return saved_by(token, by, "API token revoked")


def api_token_used(*, token: ApiToken, on: datetime.date | None = None) -> None:
    """Note the day ``token`` was last used: at most one write a day, outside its history."""
    day = on or timezone.localdate()
    if token.last_used_on != day:
        ApiToken.objects.filter(pk=token.pk).update(last_used_on=day)
        token.last_used_on = day
