"""Reads about people and bodies, permission-scoped through council.permissions."""

from council import permissions

from .models import ROLE_ORDER, Body, Member, Membership


def bodies_visible_to(user):
    return permissions.viewable(user, Body.objects.all(), "members.view_body")


def councillors_visible_to(user):
    return permissions.viewable(user, Member.objects.all(), "members.view_member").with_people()


def bodies_clerked_by(user):
    """The bodies this person clerks: granted to them one by one, not through a role."""
    return permissions.granted(user, Body.objects.all(), "members.change_body")


def current_memberships(body):
    memberships = list(body.memberships.current().select_related("person", "person__member__party"))
    memberships.sort(key=lambda m: (ROLE_ORDER[m.role], m.person.last_name, m.person.first_name))
    return memberships


def past_memberships(body):
    return list(body.memberships.past().select_related("person").order_by("-end_date"))


def upcoming_memberships(body):
    return list(body.memberships.upcoming().select_related("person").order_by("start_date"))


def my_bodies_panel(request):
    memberships = Membership.objects.current().filter(person=request.user).select_related("body").order_by("body__name")
    return {"memberships": memberships}


def clerked_bodies_panel(request):
    return {"bodies": bodies_clerked_by(request.user).order_by("name")}
