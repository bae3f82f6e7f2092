"""Reads of urgency requests: the person asked's (on the O&S chair's panel), Democratic Services'
panel, and a request's page. Each panel runs a fixed number of queries however many rows."""

from django.http import Http404
from django.utils import timezone

from .. import access
from ..models import UrgencyPurpose, UrgencyRequest

PANEL_ROWS = 10


def asked_of(user) -> dict:
    """Requests waiting for ``user``'s answer (all of them) and the last ones they answered. Two queries."""
    mine = UrgencyRequest.objects.for_list().filter(asked_of=user)
    return {
        "urgency_waiting": list(mine.pending().order_by("asked_on", "pk")),
        "urgency_answered": list(mine.answered().order_by("-answered_on", "-pk")[:PANEL_ROWS]),
    }


def clerk_panel(request) -> dict:
    """Democratic Services: requests still waiting for an answer, and special urgency agreed for a
    decision not yet recorded.
    Two queries."""
    requests = UrgencyRequest.objects.for_list()
    return {
        "pending": list(requests.pending().order_by("asked_on", "pk")),
        "agreed": list(
            requests.agreed_unused()
            .filter(purpose=UrgencyPurpose.SPECIAL_URGENCY)
            .order_by("-answered_on", "-pk")[:PANEL_ROWS]
        ),
        "today": timezone.localdate(),
    }


def request_for_page(user, pk: int) -> UrgencyRequest:
    request = access.urgency_requests_visible(user, UrgencyRequest.objects.for_list()).filter(pk=pk).first()
    if request is None:
        raise Http404
    return request
