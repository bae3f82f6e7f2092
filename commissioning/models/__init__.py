"""Commissioning, one module per subject: reviews and the cycle, priorities, savings, indicators,
the work plan."""

from .common import ENGAGEMENT_STAGES, STAGE_ORDER, Rag, Stage, next_stage, previous_stage
from .consultations import StageConsultation
from .decisions import ReviewDecision
from .indicators import Indicator, IndicatorActual, Polarity
from .priorities import MAX_SCORE, Criterion, CriterionScore, CriterionWeight, PriorityAssessment
from .reviews import (
    OPEN_STATUSES,
    ApproverCapacity,
    BoardDecision,
    EngagementNote,
    GateDecision,
    GateDirection,
    Review,
    ReviewComment,
    ReviewGroupObjectPermission,
    ReviewPortfolio,
    ReviewStage,
    ReviewStatus,
    ReviewUserObjectPermission,
    WorkingGroupNote,
)
from .savings import SavingLine, SavingStatus, financial_year_label
from .workplan import (
    STATE_ORDER,
    WorkPlanBringBack,
    WorkPlanEntry,
    WorkPlanState,
    WorkPlanTransition,
    WorkPlanVersion,
)

__all__ = [
    "ENGAGEMENT_STAGES",
    "MAX_SCORE",
    "OPEN_STATUSES",
    "STAGE_ORDER",
    "STATE_ORDER",
    "Stage",
    "ApproverCapacity",
    "BoardDecision",
    "Criterion",
    "CriterionScore",
    "CriterionWeight",
    "EngagementNote",
    "GateDecision",
    "GateDirection",
    "Indicator",
    "IndicatorActual",
    "Polarity",
    "PriorityAssessment",
    "Rag",
    "Review",
    "ReviewComment",
    "ReviewDecision",
    "ReviewGroupObjectPermission",
    "ReviewPortfolio",
    "ReviewStage",
    "ReviewStatus",
    "ReviewUserObjectPermission",
    "SavingLine",
    "StageConsultation",
    "SavingStatus",
    "WorkPlanBringBack",
    "WorkPlanEntry",
    "WorkPlanState",
    "WorkPlanTransition",
    "WorkPlanVersion",
    "WorkingGroupNote",
    "financial_year_label",
    "next_stage",
    "previous_stage",
]
