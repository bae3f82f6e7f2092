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

__all__ = [
    "PENDING_DAYS",
    "Alert",
    "AlertEvent",
    "EventKind",
    "Frequency",
    "Subscription",
    "SubscriptionKind",
    "SubscriptionStatus",
]
