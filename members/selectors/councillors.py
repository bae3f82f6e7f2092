"""Reads about councillors, permission-scoped through council.permissions."""

from council import permissions

from ..models import Member


def councillors_visible_to(user):
    return permissions.viewable(user, Member.objects.all(), "members.view_member").with_people()
