"""Committee business, one module per subject: meetings, the agenda and its publication."""

from .agenda import AgendaItem, ExemptParagraph, ItemKind, Publication, PublicationKind
from .meetings import Meeting, MeetingQuerySet, MeetingStatus

__all__ = [
    "AgendaItem",
    "ExemptParagraph",
    "ItemKind",
    "Meeting",
    "MeetingQuerySet",
    "MeetingStatus",
    "Publication",
    "PublicationKind",
]
