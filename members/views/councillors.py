"""Councillors: public to read."""

from django.shortcuts import get_object_or_404, render

from council import permissions

from .. import selectors
from ..models import Membership, Ward


@permissions.public
def councillor_list(request):
    councillors = (
        selectors.councillors_visible_to(request.user)
        .current()
        .order_by("ward__name", "user__last_name", "user__first_name")
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
    councillor = get_object_or_404(selectors.councillors_visible_to(request.user), pk=pk)
    memberships = (
        Membership.objects.current()
        .filter(person_id=councillor.user_id, body__in=selectors.bodies_visible_to(request.user))
        .select_related("body")
        .order_by("body__name")
    )
    return render(
        request,
        "members/councillor_detail.html",
        {
            "councillor": councillor,
            "memberships": memberships,
            "portfolios": councillor.portfolios.all(),
            "can_view_history": permissions.can(request.user, "members.view_member", councillor),
        },
    )
