"""Writes by subject: bodies and their clerks, memberships, and the council's own data (wards,
parties, councillors, officers, portfolios: ``organisation``); and, in their own modules, terms of
office (terms.py), election results (elections.py) and the annual meeting's appointments
(appointments.py). Each service is one transaction with the acting person named."""

from .bodies import body_assign_clerk, body_create, body_remove_clerk, body_update
from .memberships import membership_add, membership_end
from .organisation import (
    councillor_create,
    councillor_update,
    officer_create,
    officer_retire,
    officer_update,
    party_create,
    party_retire,
    party_update,
    portfolio_create,
    portfolio_retire,
    portfolio_update,
    ward_create,
    ward_retire,
    ward_update,
)

__all__ = [
    "body_assign_clerk",
    "body_create",
    "body_remove_clerk",
    "body_update",
    "membership_add",
    "membership_end",
    "councillor_create",
    "councillor_update",
    "officer_create",
    "officer_retire",
    "officer_update",
    "party_create",
    "party_retire",
    "party_update",
    "portfolio_create",
    "portfolio_retire",
    "portfolio_update",
    "ward_create",
    "ward_retire",
    "ward_update",
]
