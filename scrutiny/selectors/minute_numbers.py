"""Minute numbers, for the minutes page, the minutes PDF and anything that cites a minute."""

from ..models import Meeting, MinuteNumber


def minute_numbers(meeting: Meeting) -> dict[int, str]:
    """Each numbered agenda item's id and its minute number label ("OSC 12/26"), in one query.

    Items are numbered when the meeting is marked as held; before that (or for an item never
    published, so never minuted) an item has no number and is not in the dict."""
    return dict(MinuteNumber.objects.filter(item__meeting=meeting).values_list("item_id", "label"))


def minute_range(meeting: Meeting) -> str:
    """The meeting's minutes as a range, "OSC 1/26 to OSC 9/26", or "" before they are numbered."""
    labels = list(MinuteNumber.objects.filter(item__meeting=meeting).order_by("number").values_list("label", flat=True))
    if not labels:
        return ""
    return labels[0] if len(labels) == 1 else f"{labels[0]} to {labels[-1]}"
