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

__all__ = [
    "BodyFactory",
    "MemberFactory",
    "MembershipFactory",
    "OfficerFactory",
    "PartyFactory",
    "PortfolioFactory",
    "UserFactory",
    "WardFactory",
]
