"""One page of a list that grows with the archive (issue 17): every such list is shown
``settings.LIST_PAGE_SIZE`` rows at a time, in the GOV.UK pagination pattern
(templates/components/pagination.html), whose links keep the page's other query parameters."""

from django.conf import settings
from django.core.paginator import Page, Paginator


def page_of(request, rows, per_page: int | None = None) -> Page:
    """The page of ``rows`` (a QuerySet, ordered, or a list) that ``?page=`` asks for: the first for
    anything that is not a page number, the last for a number past the end."""
    return Paginator(rows, per_page or settings.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
