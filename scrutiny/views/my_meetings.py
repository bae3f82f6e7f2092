"""A councillor's own meetings: the bodies they sit on, their next meetings with the summonses,
packs and papers, and their apologies sent in one click (``services.attendance_send_apologies``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from council import permissions
from council.errors import RuleError
from council.roles import Role
from members import access as members_access

from .. import selectors, services

#: The people whose navigation has "My meetings": councillors, Cabinet Members among them.
COUNCILLOR_ROLES = (Role.COUNCILLOR, Role.CABINET_MEMBER)


def _councillor(request) -> None:
    if not any(permissions.has_role(request.user, role) for role in COUNCILLOR_ROLES):
        raise PermissionDenied


@require_GET
def my_meetings(request):
    _councillor(request)
    return render(request, "scrutiny/my_meetings.html", selectors.my_meetings(request.user))


@require_POST
def my_apologies(request, pk):
    """Send one's own apologies for a meeting of a body one sits on (no one else's: there is no person
    to choose), before it starts."""
    _councillor(request)
    meetings = selectors.meetings_visible_to(request.user).filter(
        body__in=members_access.bodies_sat_on(request.user).values("pk")
    )
    meeting = get_object_or_404(meetings.select_related("body"), pk=pk)
    try:
        services.attendance_send_apologies(meeting=meeting, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Your apologies for {meeting} are recorded: the clerk can see them.")
    return redirect(reverse("scrutiny:my-meetings") + f"#meeting-{meeting.pk}")


@require_GET
def my_summons(request, summons_pk):
    """A summons as it was sent to the member (another person's is not found)."""
    _councillor(request)
    summons = selectors.my_summons(request.user, summons_pk)
    if summons is None:
        raise Http404
    return render(request, "scrutiny/my_summons.html", {"summons": summons, **services.summons_context(summons)})
