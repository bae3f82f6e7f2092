"""Agenda packs in words: ``{% load agenda_packs %}``.

``pack_in_words`` names an edition in a sentence ("the members’ confidential agenda pack").
"""

from django import template

from .. import packs

register = template.Library()


@register.filter
def pack_in_words(edition: str) -> str:
    return packs.in_words(edition)
