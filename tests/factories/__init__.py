"""factory_boy factories, one module per app."""

from .council import UserFactory
from .members import (
    BodyFactory,
    MemberFactory,
    MembershipFactory,
    OfficerFactory,
    PartyFactory,
    PortfolioFactory,
    WardFactory,
)
from .scrutiny import MeetingFactory

__all__ = [
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
