"""Councillors: public to read."""

from django.shortcuts import get_object_or_404, render

from council import permissions

from .. import access, selectors
from ..models import Ward


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
def councillor_detail(request, pk):
    councillor = get_object_or_404(access.councillors_visible(request.user), pk=pk)
    return render(
        request,
        "members/councillor_detail.html",
        {
            "councillor": councillor,
            "memberships": selectors.councillor_seats(request.user, councillor),
            "portfolios": councillor.portfolios.all(),
            "can_view_history": access.can_view_history(request.user, councillor),
        },
    )
