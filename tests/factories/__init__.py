"""factory_boy factories, one module per app."""

from .commissioning import (
    IndicatorFactory,
    ProgrammeBoardFactory,
    ReviewFactory,
    SavingLineFactory,
    WorkPlanVersionFactory,
)
from .council import UserFactory
from .executive import CabinetFactory, CabinetMemberDecisionMakerFactory, ForwardPlanEntryFactory
from .members import (
    BodyFactory,
    ConsultationFactory,
    MemberFactory,
    MembershipFactory,
    OfficerFactory,
    PartyFactory,
    PortfolioFactory,
    QuestionFactory,
    QuestionOptionFactory,
    ResponseFactory,
    WardFactory,
)
from .scrutiny import MeetingFactory

__all__ = [
    "CabinetFactory",
    "CabinetMemberDecisionMakerFactory",
    "ForwardPlanEntryFactory",
    "ConsultationFactory",
    "QuestionFactory",
    "QuestionOptionFactory",
    "ResponseFactory",
    "IndicatorFactory",
    "ProgrammeBoardFactory",
    "ReviewFactory",
    "SavingLineFactory",
    "WorkPlanVersionFactory",
    "MeetingFactory",
    "BodyFactory",
    "MemberFactory",
    "MembershipFactory",
    "OfficerFactory",
    "PartyFactory",
    "PortfolioFactory",
    "UserFactory",
    "WardFactory",
]
