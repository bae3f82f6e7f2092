"""Forms for people and bodies, one module per subject: bodies and their clerks, memberships, and
choosing a person."""

from .bodies import BodyForm, ClerkForm
from .memberships import EndMembershipForm, MembershipForm
from .people import PersonField

__all__ = ["BodyForm", "ClerkForm", "EndMembershipForm", "MembershipForm", "PersonField"]
