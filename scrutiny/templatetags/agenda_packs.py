"""Agenda packs on the meeting page: ``{% load agenda_packs %}``.

``meeting_packs`` renders the packs box (each edition the person may download, its latest version,
and the build buttons for the body's clerks) in a fixed number of queries whatever the number of
items; ``pack_in_words`` names an edition in a sentence ("the members’ confidential agenda pack").
"""

from django import template

from .. import packs

register = template.Library()


@register.filter
def pack_in_words(edition: str) -> str:
    return packs.in_words(edition)


@register.inclusion_tag("scrutiny/_packs.html", takes_context=True)
def meeting_packs(context, meeting):
    return {"meeting": meeting, **packs.packs_box(context["request"].user, meeting)}
