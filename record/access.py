"""Who may do what in the public record, answered through ``council.permissions``.

- Read the public home, search the public record and download the open data: everyone, signed in
  or not. Signed-in people's results add what their own roles and grants let them open, through
  the rule of the app that keeps each record (``scrutiny.access`` for exempt information).
- Make a personal API token: anyone signed in, for themselves; the API then shows what they may see
  (by the same rules as the pages). Revoke it: its holder, or an Administrator.
"""

from council import permissions
from council.roles import Role

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
