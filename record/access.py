"""Who may do what in the public record, answered through ``council.permissions``.

- Read the public home, search the public record and download the open data: everyone, signed in
  or not. Signed-in people's results add what their own roles and grants let them open, through
  the rule of the app that keeps each record (``scrutiny.access`` for exempt information).
- Make a personal API token: anyone signed in, for themselves; the API then shows what they may see
  (by the same rules as the pages). Revoke it: its holder, or an Administrator.
"""

# --- Email alerts ---------------------------------------------------------------------------------
# - Subscribe by email to a public committee, a serving councillor, consultations or a search:
#   everyone (double opt-in: the link in the confirmation email).
# - Confirm, unsubscribe from and manage an address's subscriptions: whoever holds the token of
#   one of its emails' links (the token, never a sign-in, is the proof of the address).
# - Choose their own alerts for their account's address, with no confirmation: signed-in people
#   with a role (``record.choose_own_alerts``: councillors, Cabinet Members and officers).

from council import permissions
from council.roles import Role

CHOOSE_OWN_ALERTS = "record.choose_own_alerts"


def may_choose_own_alerts(user) -> bool:
    return permissions.can(user, CHOOSE_OWN_ALERTS)


def require_choose_own_alerts(user) -> None:
    permissions.require(user, CHOOSE_OWN_ALERTS)


# Personal API tokens (record.ApiToken)


def can_hold_api_token(user) -> bool:
    """Anyone signed in may make a personal token for the open API; it then shows what they may see."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def can_revoke_api_token(user, token) -> bool:
    """A token is revoked by its holder, or by an Administrator (who may stop any person's access)."""
    if not can_hold_api_token(user):
        return False
    return token.person_id == user.pk or permissions.has_role(user, Role.ADMINISTRATOR)


def api_tokens_visible(user, queryset):
    """The tokens ``user`` may see listed: their own (an Administrator sees everyone's history)."""
    if not can_hold_api_token(user):
        return queryset.none()
    if permissions.has_role(user, Role.ADMINISTRATOR):
        return queryset
    return queryset.filter(person=user)
