"""Who may read the History page of each record of the public record.

- A subscription, and its alerts: they hold a person's email address, so only the person who
  chose it on their settings page (``person``) and Administrators (who answer a subscriber's
  questions); the alert events are public facts about published records: everyone signed in.
- A personal API token: its holder and Administrators (``access.api_tokens_visible``); never its
  secret, which is not kept, nor its SHA-256 (not in the history).
"""

from council import permissions
from council.history import register_read_rule
from council.roles import Role

from . import access


def _subscriptions(user, queryset):
    if permissions.has_role(user, Role.ADMINISTRATOR):
        return queryset
    return queryset.filter(person=user)


def register() -> None:
    """Registers each model's read rule with ``council.history``."""
    from .models import Alert, AlertEvent, ApiToken, Subscription

    register_read_rule(Subscription, readable=_subscriptions)
    register_read_rule(
        Alert,
        readable=lambda user, qs: qs.filter(subscription__in=_subscriptions(user, Subscription.objects.all())),
    )
    register_read_rule(AlertEvent, readable=lambda user, qs: qs)
    register_read_rule(ApiToken, readable=access.api_tokens_visible)
