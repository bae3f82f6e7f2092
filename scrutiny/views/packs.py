"""The published agenda on the web, with the page where each item's papers start in the agenda
pack (the latest public pack built), so that the page and the printed pack agree."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from council import permissions

from .. import packs, selectors


@permissions.public
@require_GET
def agenda_print(request, pk):
    meeting = get_object_or_404(selectors.meetings_visible_to(request.user).select_related("body"), pk=pk)
    sections = packs.agenda_sections(meeting)
    if not sections:
        raise Http404  # nothing published: the draft agenda is on the meeting page, for its clerks
    return render(request, "scrutiny/agenda_print.html", {"meeting": meeting, "sections": sections})
