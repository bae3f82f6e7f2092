"""Who may do what with people and bodies, answered through ``council.permissions``.

- See a body, a councillor, an officer, a ward, a party or a portfolio: everyone for public bodies
  (Council, Cabinet, O&S committees and their task and finish groups) and councillors; the other
  records for the roles holding ``members.view_<model>``.
- Add a body: the roles holding ``members.add_body`` (Democratic Services, Administrators).
- Manage a body (change its details, seat people on it and end their seats, choose who else clerks
  it, and in ``scrutiny`` run its meetings): its clerks, by an object grant of
  ``members.change_body`` on that body, and Administrators, through their role.
- Record elections and councillors leaving, enter the annual meeting's appointments and read the
  political balance report: the roles holding ``members.add_election`` (Democratic Services,
  Administrators).
- Set up the council's own data (wards, parties and groups, councillors, officers, portfolios):
  Democratic Services and Administrators, by role (``can_set_up_council``). Former councillors stay
  public, like the minutes that name them, unless they were kept off the public pages.
- Keep a register of interests: a councillor keeps their own; the Monitoring Officer (role) reviews
  every register and grants dispensations, but never for themselves (services.interests).
- Sit on a body: a current seat (a membership that has started and not ended; it lasts to the end of
  its last day). A former member no longer sits on it, nor does one appointed from a later date,
  nor a councillor whose term of office is over (a seat taken as a councillor ends with the term,
  even if nobody ended it).

Every other app asks these questions here rather than reading grants or seats itself.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils import timezone

from council import permissions
from council.roles import Role

from .models import Body, Member, Membership, Officer

MANAGE_BODY = "members.change_body"


# Seeing


def bodies_visible(user) -> QuerySet:
    """The bodies ``user`` may see: the public ones, and the others by role."""
    return permissions.viewable(user, Body.objects.all(), "members.view_body")


def councillors_visible(user) -> QuerySet:
    """The councillors ``user`` may see (with their person, ward and party loaded): those on the
    public pages, serving or former (a former councillor is named in past minutes and decisions),
    and every one for the roles that read them."""
    if permissions.can(user, "members.view_member"):
        return Member.objects.with_people()
    viewable = permissions.viewable(user, Member.objects.all(), "members.view_member")
    former = Member.objects.former().filter(is_public=True)
    return Member.objects.filter(Q(pk__in=viewable.values("pk")) | Q(pk__in=former.values("pk"))).with_people()


def memberships_visible(user, queryset: QuerySet) -> QuerySet:
    """The memberships of ``queryset`` ``user`` may read: by role, and only of bodies they may see."""
    return permissions.permitted(user, queryset, "members.view_membership").filter(body__in=bodies_visible(user))


def can_view_history(user, obj: Model) -> bool:
    """May ``user`` open the History page of this members record (``members.view_<model>``)?"""
    return permissions.can(user, f"members.view_{obj._meta.model_name}", obj)


# Managing bodies


def can_add_body(user) -> bool:
    return permissions.can(user, "members.add_body")


def can_manage_body(user, body: Body) -> bool:
    """Its clerks (object grant) and Administrators (role); asked on every meeting page, so in one
    query (``permissions.can_on``)."""
    return permissions.can_on(user, MANAGE_BODY, body)


def manages_every_body(user) -> bool:
    """Administrators manage every body, through their role."""
    return permissions.can(user, MANAGE_BODY)


def bodies_managed(user, queryset: QuerySet | None = None) -> QuerySet:
    """The bodies (of ``queryset``, or all) ``user`` clerks or, as an Administrator, runs."""
    return permissions.permitted(user, Body.objects.all() if queryset is None else queryset, MANAGE_BODY)


def managed_body_or_404(user, queryset: QuerySet | None = None, **lookup) -> Body:
    """A body ``user`` may manage, found by ``lookup`` in ``queryset`` (every body if None): one they
    may not manage is not found (404), and one who manages none gets the 403 page."""
    queryset = Body.objects.all() if queryset is None else queryset
    return permissions.get_permitted_or_404(user, queryset, MANAGE_BODY, **lookup)


def bodies_clerked(user) -> QuerySet:
    """The bodies ``user`` clerks: granted to them one by one, not through a role."""
    return permissions.granted(user, Body.objects.all(), MANAGE_BODY)


def bodies_clerked_in(request) -> QuerySet:
    """``bodies_clerked(request.user)``, its rule built once for the request (the dashboard's panels
    each ask): kept on the request, never beyond it, and still a query, read when it is used."""
    if not hasattr(request, "_council_bodies_clerked"):
        request._council_bodies_clerked = bodies_clerked(request.user)
    return request._council_bodies_clerked.all()


def clerks_of(body: Body) -> QuerySet:
    """The people who clerk ``body`` (granted, not Administrators by role), by name."""
    return permissions.holders(MANAGE_BODY, body)


# Setting up the council


#: The roles that keep the council's own data: wards, parties, councillors, officers, portfolios.
SET_UP_ROLES = (Role.DEMOCRATIC_SERVICES, Role.ADMINISTRATOR)


def can_set_up_council(user) -> bool:
    """Democratic Services and Administrators keep the council's own data (by role)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return any(permissions.has_role(user, role) for role in SET_UP_ROLES)


def require_set_up(user) -> None:
    """The 403 page for anyone else (the public is sent to sign in by the login middleware)."""
    if not can_set_up_council(user):
        raise PermissionDenied


# Staff


def left_the_council(user) -> QuerySet:
    """``user``'s officer record if they have left the council (retired in set-up): the grants made
    to them as staff (need-to-know on exempt papers) open nothing from that day, though their
    sign-in stays until an Administrator deactivates it. Empty for everyone else."""
    return Officer.objects.filter(user=user).exclude(pk__in=Officer.objects.in_use().values("pk"))


# Sitting on bodies


def seats(user, on: datetime.date | None = None) -> QuerySet:
    """The seats ``user`` holds ``on`` a day (today if None): their current memberships."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    day = on or timezone.localdate()
    # A seat taken as a councillor lasts no longer than their term, whether or not anyone ended
    # it: a last day set in advance (at the election before, or in set-up) that passed with no
    # result or leaving recorded. A seat taken up after the term (co-opted later) is not affected.
    term_over = Member.objects.filter(
        user=OuterRef("person"), term_ends_on__lt=day, term_ends_on__gte=OuterRef("start_date")
    )
    return Membership.objects.current(day).filter(person=user).exclude(Exists(term_over))


def body_seats(body: Body, on: datetime.date | None = None) -> QuerySet:
    """The seats held on ``body`` ``on`` a day (today if None), by the rule of ``seats``: memberships
    current that day, not outlasting the councillor's term."""
    day = on or timezone.localdate()
    term_over = Member.objects.filter(
        user=OuterRef("person"), term_ends_on__lt=day, term_ends_on__gte=OuterRef("start_date")
    )
    return Membership.objects.current(day).filter(body=body).exclude(Exists(term_over))


def bodies_sat_on(user, on: datetime.date | None = None) -> QuerySet:
    """The bodies ``user`` sits on ``on`` a day (today if None)."""
    return Body.objects.filter(pk__in=seats(user, on).values("body"))


def sits_on(user, body: Body | int | None, on: datetime.date | None = None) -> bool:
    """Does ``user`` hold a current seat on ``body`` (a body or its pk) ``on`` a day (today if None)?"""
    return body is not None and seats(user, on).filter(body=body).exists()


# Elections, terms of office and the annual meeting's appointments


MANAGE_ELECTIONS = "members.add_election"


def can_manage_elections(user) -> bool:
    """Record election results and councillors leaving, enter the annual meeting's appointments and
    read the political balance report: Democratic Services and Administrators, through their role."""
    return permissions.can(user, MANAGE_ELECTIONS)


def require_manage_elections(user) -> None:
    permissions.require(user, MANAGE_ELECTIONS)


# The register of interests (Localism Act 2011 ss.29-34)


def keeps_register(person) -> bool:
    """Does ``person`` keep a register of interests: are they a councillor (a co-opted member with
    a vote would too, but the seats here are non-voting co-options: MembershipRole.CO_OPTED)?"""
    return bool(getattr(person, "pk", None)) and Member.objects.filter(user_id=person.pk).exists()


def can_keep_register(user, person) -> bool:
    """May ``user`` add to and change ``person``'s register? Only their own: a member notifies their
    own interests (s.30); the Monitoring Officer reviews them but does not write them."""
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.pk == getattr(person, "pk", None)
        and keeps_register(person)
    )


def can_review_registers(user) -> bool:
    """The Monitoring Officer keeps the registers (s.29): reviews entries, marks sensitive ones (s.32)
    and grants dispensations (s.33)."""
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and permissions.has_role(user, Role.MONITORING_OFFICER)
    )
