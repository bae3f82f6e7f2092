"""Reads about meetings, permission-scoped through council.permissions."""

from council import permissions
from members.models import Body

from ..models import Meeting


def meetings_visible_to(user):
    return permissions.viewable(user, Meeting.objects.all(), "scrutiny.view_meeting")


def can_manage_meetings(user, body: Body) -> bool:
    """A body's clerks (object permission) and Administrators (role) run its meetings."""
    return permissions.can(user, "members.change_body", body)


def bodies_managed_by(user):
    return permissions.permitted(user, Body.objects.all(), "members.change_body")


def meetings_to_prepare_panel(request):
    bodies = permissions.granted(request.user, Body.objects.all(), "members.change_body")
    meetings = list(Meeting.objects.filter(body__in=bodies).upcoming().for_listing()[:10])
    return {"meetings": [(m, m.publication_deadline_state()) for m in meetings]}


def is_current_member(user, body: Body) -> bool:
    from members.models import Membership

    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.current().filter(body=body, person=user).exists()
