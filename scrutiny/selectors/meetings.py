"""Reads about meetings, permission-scoped through council.permissions."""

from council import permissions
from members import access as members_access

from ..models import Meeting


def meetings_visible_to(user):
    return permissions.viewable(user, Meeting.objects.all(), "scrutiny.view_meeting")


def meetings_to_prepare_panel(request):
    bodies = members_access.bodies_clerked_in(request)
    meetings = list(Meeting.objects.filter(body__in=bodies).upcoming().for_listing()[:10])
    return {"meetings": [(m, m.publication_deadline_state()) for m in meetings]}
