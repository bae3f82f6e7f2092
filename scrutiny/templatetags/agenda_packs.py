"""Agenda packs in words: ``{% load agenda_packs %}``.

``pack_in_words`` names an edition in a sentence ("the members’ confidential agenda pack");
``version_in_words`` a stored version's edition, of the agenda pack or of the minutes PDF.
"""

from django import template

from .. import minutes_pack, packs

register = template.Library()


@register.filter
def pack_in_words(edition: str) -> str:
    return packs.in_words(edition)


@register.filter
def version_in_words(version) -> str:
    if version.kind == minutes_pack.KIND:
        return minutes_pack.in_words(version.edition)
    return packs.in_words(version.edition)
