"""Writes for bodies and their memberships, by subject: bodies and their clerks, memberships; and,
in their own modules, terms of office (terms.py), election results (elections.py) and the annual
meeting's appointments (appointments.py). Each service is one transaction with the acting person
named."""

from .bodies import body_assign_clerk, body_create, body_remove_clerk, body_update
from .memberships import membership_add, membership_end

__all__ = [
    "body_assign_clerk",
    "body_create",
    "body_remove_clerk",
    "body_update",
    "membership_add",
    "membership_end",
]
