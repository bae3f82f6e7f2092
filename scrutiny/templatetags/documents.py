"""Supporting documents under each item on the meeting page: ``{% load documents %}``.

``item_documents`` renders one item's list from what the meeting view loaded
(``selectors.documents_by_item``: only the papers the reader may open). It decides nothing.
"""

from django import template

register = template.Library()


@register.inclusion_tag("scrutiny/_documents.html", takes_context=True)
def item_documents(context, documents: list, meeting, item):
    can_manage = context.get("can_manage", False)
    return {
        "meeting": meeting,
        "item": item,
        "documents": documents,
        "can_change": can_manage and not item.is_published and meeting.can_be_changed,
        "can_manage": can_manage,
    }
