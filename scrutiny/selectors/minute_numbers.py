"""Minute numbers: the label each agenda item's minute is known by ("OSC 12/26").

PLACEHOLDER: the 'minutes' work provides the real selector, with this signature; until then no item
has a number of its own and the minutes PDF falls back to the item's position on the agenda.
"""

from ..models import Meeting


def minute_numbers(meeting: Meeting) -> dict[int, str]:
    """{agenda item id: its minute number} for the meeting's minuted items (the minutes helper
    provides the real one; this placeholder knows none)."""
    return {}
