"""Councillors: public to read, serving and former (a former councillor stays in every past minute,
attendance and decision)."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from council import permissions
from council.uploads import SANDBOX

from .. import access, public_pages, selectors
from ..models import Ward
from ..selectors.elections import councillor_terms
from ..services.photos import photo_content_type


@permissions.public
def councillor_list(request):
    councillors = (
        access.councillors_visible(request.user).current().order_by("ward__name", "user__last_name", "user__first_name")
    )
    ward_id = request.GET.get("ward", "")
    if ward_id.isdigit():
        councillors = councillors.filter(ward_id=int(ward_id))
    return render(
        request,
        "members/councillor_list.html",
        {"councillors": councillors, "wards": Ward.objects.all(), "ward_id": ward_id},
    )


@permissions.public
@require_GET
def councillor_former_list(request):
    councillors = (
        access.councillors_visible(request.user)
        .former()
        .order_by("-term_ends_on", "user__last_name", "user__first_name")
    )
    return render(request, "members/councillor_former_list.html", {"councillors": councillors})


@permissions.public
def councillor_detail(request, pk):
    councillor = get_object_or_404(access.councillors_visible(request.user), pk=pk)
    return render(
        request,
        "members/councillor_detail.html",
        {
            "councillor": councillor,
            "memberships": selectors.councillor_seats(request.user, councillor),
            "portfolios": councillor.portfolios.in_use(),
            "terms": councillor_terms(councillor),
            "sections": public_pages.councillor_sections(request, councillor),
            "can_view_history": access.can_view_history(request.user, councillor),
            "can_change": access.can_set_up_council(request.user),
        },
    )


@permissions.public
@require_GET
def councillor_photo(request, pk):
    """A councillor's photo, for whoever may read the councillor; served as an image only (it was
    re-encoded when it was uploaded, and is sent with nosniff and a sandbox policy all the same)."""
    councillor = get_object_or_404(access.councillors_visible(request.user), pk=pk)
    if not councillor.photo:
        raise Http404
    try:
        file = councillor.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, content_type=photo_content_type(councillor.photo.name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["Cache-Control"] = "private, max-age=3600"
    return response
