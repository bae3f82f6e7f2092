"""Forms for people and bodies, one module per subject: bodies and their clerks, memberships,
choosing a person, the council set-up (``setup``: wards, parties, councillors, officers,
portfolios) and the register of interests."""

from .bodies import BodyForm, ClerkForm
from .interests import (
    ConfirmRegisterForm,
    DispensationForm,
    EndInterestForm,
    GiftForm,
    InterestForm,
    ReviewForm,
)
from .memberships import EndMembershipForm, MembershipForm
from .people import PersonField

__all__ = [
    "BodyForm",
    "ClerkForm",
    "ConfirmRegisterForm",
    "DispensationForm",
    "EndInterestForm",
    "EndMembershipForm",
    "GiftForm",
    "InterestForm",
    "MembershipForm",
    "PersonField",
    "ReviewForm",
]
