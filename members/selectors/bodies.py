"""Reads about bodies, permission-scoped through council.permissions: which a person may see, and
which they clerk."""

from council import permissions

from ..models import Body


def bodies_visible_to(user):
    return permissions.viewable(user, Body.objects.all(), "members.view_body")


def bodies_clerked_by(user):
    """The bodies this person clerks: granted to them one by one, not through a role."""
    return permissions.granted(user, Body.objects.all(), "members.change_body")


def clerked_bodies_panel(request):
    return {"bodies": bodies_clerked_by(request.user).order_by("name")}
