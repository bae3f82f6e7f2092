"""Forms for people and bodies, one module per subject: bodies and their clerks, memberships,
choosing a person, and the council set-up (``setup``: wards, parties, councillors, officers,
portfolios)."""

from .bodies import BodyForm, ClerkForm
from .memberships import EndMembershipForm, MembershipForm
from .people import PersonField

__all__ = ["BodyForm", "ClerkForm", "EndMembershipForm", "MembershipForm", "PersonField"]
