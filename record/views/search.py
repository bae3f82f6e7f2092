"""Search the public record: one page for the public and for signed-in people, whose results add
what they may open (``record.selectors.search``)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from council import permissions

from ..forms.search import SearchForm
from ..models import EntryKind
from ..selectors.search import find, page_hits, parts

PER_PAGE = 20


@permissions.public
@require_GET
def search(request):
    """The same number of queries whatever the size of the index (a test pins it)."""
    asked = "q" in request.GET
    form = SearchForm(request.GET if asked else None, user=request.user)
    page = hits = found = None
    if asked and form.is_valid():
        found = find(request.user, form.cleaned_data["q"], form.filters())
        page = found.paginator(PER_PAGE).get_page(request.GET.get("page"))
        kinds = dict(EntryKind.choices)
        shown = page_hits(request.user, form.cleaned_data["q"], page, found.rules)
        hits = [{"entry": entry, "kind": kinds[entry.kind], "parts": parts(entry.snippet)} for entry in shown]
    return render(
        request,
        "record/search/search.html",
        {
            "form": form,
            "searched": page is not None,
            "page": page,
            "hits": hits,
            "more": found is not None and found.more,
            "limit": f"{found.limit:,}" if found else "",
        },
    )
