"""factory_boy factories, one module per app."""

from .commissioning import (
    IndicatorFactory,
    ProgrammeBoardFactory,
    ReviewFactory,
    SavingLineFactory,
    WorkPlanVersionFactory,
)
from .council import UserFactory
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
