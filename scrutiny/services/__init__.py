"""Writes for committee business, by subject. Each service is one transaction with the acting person named."""

from .agenda import (
    STANDARD_ITEMS,
    agenda_insert_standard_items,
    agenda_item_add,
    agenda_item_move,
    agenda_item_update,
    agenda_publish,
    supplement_publish,
)
from .meetings import meeting_cancel, meeting_reschedule, meeting_schedule

__all__ = [
    "STANDARD_ITEMS",
    "agenda_insert_standard_items",
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_update",
    "agenda_publish",
    "meeting_cancel",
    "meeting_reschedule",
    "meeting_schedule",
    "supplement_publish",
]
