"""Supporting documents under each item on the meeting page: ``{% load documents %}``.

``meeting_documents`` reads every document of the meeting, with who may open which, in a fixed
number of queries; ``item_documents`` renders one item's list from that.
"""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def meeting_documents(context, meeting) -> dict:
    return selectors.documents_by_item(context["request"].user, meeting, can_manage=context.get("can_manage", False))


@register.inclusion_tag("scrutiny/_documents.html", takes_context=True)
def item_documents(context, documents: dict, meeting, item):
    can_manage = context.get("can_manage", False)
    return {
        "meeting": meeting,
        "item": item,
        "documents": documents.get(item.pk, []),
        "can_change": can_manage and not item.is_published and meeting.can_be_changed,
        "can_manage": can_manage,
    }
