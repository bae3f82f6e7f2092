"""The publication record as a file anyone can download, and a page where anyone can check a file
against the records (the file is hashed, never stored)."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods

from council import permissions
from council.forms import posted

from .. import access, selectors
from ..forms import CheckFileForm
from ..services.agenda import record_bytes


def _names_exempt_papers(publication) -> bool:
    """Records made before exempt paper titles were left out of them name those papers."""
    return any(
        item.get("exempt_paragraph") and any("title" in d for d in item.get("documents", []))
        for item in publication.contents.get("items", [])
    )


@permissions.public
@require_GET
def publication_record(request, pk, version):
    meeting = get_object_or_404(selectors.meetings_visible_to(request.user).select_related("body"), pk=pk)
    publication = get_object_or_404(meeting.publications, version=version)
    if _names_exempt_papers(publication) and not access.can_manage_meetings(request.user, meeting.body):
        raise Http404
    response = HttpResponse(record_bytes(publication), content_type="application/json; charset=utf-8")
    name = f"{meeting.body.slug}-{meeting.date:%Y-%m-%d}-{publication.kind}-{publication.version}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@permissions.public
@require_http_methods(["GET", "POST"])
def publication_check(request):
    form = CheckFileForm(posted(request), request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = selectors.publications_matching(
            request.user, upload=form.cleaned_data["file"], sha256=form.cleaned_data["sha256"] or ""
        )
    return render(request, "scrutiny/publication_check.html", {"form": form, "result": result})
