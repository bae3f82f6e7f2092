"""Page references in pack templates: ``{% load packs %}``.

The engine renders a part that needs page numbers (``HtmlPart(needs_page_numbers=True)``) with
``pages``, {part key: first page}, once every part's page count is known; before that it is empty.
"""

from django import template

register = template.Library()


@register.filter
def page_of(pages: dict | None, key: str) -> int | str:
    """The first page of part ``key``; before the pages are known, a blank as wide as two digits
    (figure spaces), so the part keeps its layout between its renders."""
    if not pages or not key:
        return "\u2007\u2007"
    return pages.get(key, "")
