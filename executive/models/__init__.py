"""The executive's statutory record, one module per subject: decision makers, the forward plan and
its editions, and decisions with their notices."""

from .call_in import SOUGHT_OUTCOMES, CallIn, CallInOutcome, CallInQuerySet, CallInResponse, CallInSignature
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
from .general_exception import GeneralExceptionNotice, GeneralExceptionNoticeQuerySet
from .private_meetings import PrivateMeetingNotice, PrivateMeetingNoticeQuerySet

__all__ = [
    "SOUGHT_OUTCOMES",
    "CallIn",
    "CallInOutcome",
    "CallInQuerySet",
    "CallInResponse",
    "CallInSignature",
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
    "GeneralExceptionNotice",
    "GeneralExceptionNoticeQuerySet",
    "KeyReason",
    "PrivateMeetingNotice",
    "PrivateMeetingNoticeQuerySet",
]

from .officer_decisions import OfficerDecision, OfficerDecisionGround, OfficerDecisionQuerySet  # noqa: E402

__all__ += ["OfficerDecision", "OfficerDecisionGround", "OfficerDecisionQuerySet"]

from .urgency_requests import UrgencyAnswer, UrgencyPurpose, UrgencyRequest, UrgencyRequestQuerySet  # noqa: E402

__all__ += ["UrgencyAnswer", "UrgencyPurpose", "UrgencyRequest", "UrgencyRequestQuerySet"]

from .decision_sessions import DecisionSession  # noqa: E402

__all__ += ["DecisionSession"]
