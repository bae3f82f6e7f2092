"""Reads about people and bodies, permission-scoped through council.permissions, one module per
subject: bodies, councillors and memberships."""

from .bodies import bodies_clerked_by, bodies_visible_to, clerked_bodies_panel
from .councillors import councillors_visible_to
from .memberships import current_memberships, my_bodies_panel, past_memberships, upcoming_memberships

__all__ = [
    "bodies_clerked_by",
    "bodies_visible_to",
    "clerked_bodies_panel",
    "councillors_visible_to",
    "current_memberships",
    "my_bodies_panel",
    "past_memberships",
    "upcoming_memberships",
]
