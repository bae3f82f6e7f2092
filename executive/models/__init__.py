"""The executive's statutory record, one module per subject: decision makers, the forward plan and
its editions, and decisions with their notices."""

from .decision_makers import DecisionMaker, DecisionMakerKind, DecisionMakerQuerySet
from .decisions import CallInStatus, DecisionRoute, ExecutiveDecision, ExecutiveDecisionQuerySet
from .forward_plan import (
    EntryStatus,
    ForwardPlanEdition,
    ForwardPlanEditionQuerySet,
    ForwardPlanEntry,
    ForwardPlanEntryQuerySet,
    KeyReason,
)
from .private_meetings import PrivateMeetingNotice, PrivateMeetingNoticeQuerySet

__all__ = [
    "CallInStatus",
    "DecisionMaker",
    "DecisionMakerKind",
    "DecisionMakerQuerySet",
    "DecisionRoute",
    "EntryStatus",
    "ExecutiveDecision",
    "ExecutiveDecisionQuerySet",
    "ForwardPlanEdition",
    "ForwardPlanEditionQuerySet",
    "ForwardPlanEntry",
    "ForwardPlanEntryQuerySet",
    "KeyReason",
    "PrivateMeetingNotice",
    "PrivateMeetingNoticeQuerySet",
]
