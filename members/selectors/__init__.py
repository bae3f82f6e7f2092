"""Reads about people and bodies for pages and panels, one module per subject: bodies,
memberships, the council set-up lists (``organisation``) and the register of interests. Which records a
person may see is ``members.access``."""

from .bodies import clerked_bodies_panel
from .memberships import (
    councillor_seats,
    current_memberships,
    my_bodies_panel,
    past_memberships,
    upcoming_memberships,
)

__all__ = [
    "clerked_bodies_panel",
    "councillor_seats",
    "current_memberships",
    "my_bodies_panel",
    "past_memberships",
    "upcoming_memberships",
]
