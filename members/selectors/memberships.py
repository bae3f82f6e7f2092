"""Reads about memberships of bodies: a body's current, past and upcoming seats, and a person's own."""

from .. import access
from ..models import ROLE_ORDER, Membership


def current_memberships(body):
    memberships = list(body.memberships.current().select_related("person", "person__member__party"))
    memberships.sort(key=lambda m: (ROLE_ORDER[m.role], m.person.last_name, m.person.first_name))
    return memberships


def past_memberships(body):
    return list(body.memberships.past().select_related("person").order_by("-end_date"))


def upcoming_memberships(body):
    return list(body.memberships.upcoming().select_related("person").order_by("start_date"))


def councillor_seats(user, councillor):
    """The councillor's current seats on the bodies ``user`` may see."""
    return (
        Membership.objects.current()
        .filter(person_id=councillor.user_id, body__in=access.bodies_visible(user))
        .select_related("body")
        .order_by("body__name")
    )


def my_bodies_panel(request):
    return {"memberships": access.seats(request.user).select_related("body").order_by("body__name")}
