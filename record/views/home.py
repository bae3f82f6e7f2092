"""The public home at ``/``: the way in for residents, journalists and councillors alike."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from council import permissions

from ..selectors import home as selectors


@permissions.public
@require_GET
def home(request):
    """The public record's front page. A signed-in person sees the same page (it is what the public
    sees) with a link to their dashboard (docs/decisions/0026)."""
    return render(request, "record/home.html", selectors.home_page())
