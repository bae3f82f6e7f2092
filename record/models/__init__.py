"""The public record's own records."""

from .alerts import (
    PENDING_DAYS,
    Alert,
    AlertEvent,
    EventKind,
    Frequency,
    Subscription,
    SubscriptionKind,
    SubscriptionStatus,
)
from .api_tokens import ApiToken, ApiTokenQuerySet
from .search import EntryKind, GrantsChange, SearchEntry

__all__ = [
    "PENDING_DAYS",
    "Alert",
    "AlertEvent",
    "ApiToken",
    "ApiTokenQuerySet",
    "EntryKind",
    "EventKind",
    "Frequency",
    "GrantsChange",
    "SearchEntry",
    "Subscription",
    "SubscriptionKind",
    "SubscriptionStatus",
]
