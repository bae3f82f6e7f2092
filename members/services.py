"""Changes to bodies, their clerks and their memberships. Each is one transaction with the acting
person named; a rule that forbids the change raises RuleError in words a clerk can act on."""

import datetime

from django.db import transaction
from django.utils import formats
from django.utils.text import slugify

from council import permissions
from council.errors import RuleError
from council.history import with_reason
from council.roles import Role

from .models import Body, Membership, MembershipRole, Portfolio

_EDITABLE = ("name", "kind", "parent", "purpose", "start_date", "end_date")
_CLERK = "members.change_body"


def _check_dates(start, end):
    if start and end and end < start:
        raise RuleError("The end date must be the same as or after the start date", field="end_date")


def _unique_slug(name: str, exclude_pk=None) -> str:
    base = slugify(name)[:140] or "committee"
    slug, n = base, 2
    while Body.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def body_create(*, by, name: str, kind: str, parent=None, purpose="", start_date=None, end_date=None) -> Body:
    """Create a body; a Democratic Services officer who creates it becomes its clerk."""
    _check_dates(start_date, end_date)
    if Body.objects.filter(name__iexact=name.strip()).exists():
        raise RuleError("A committee with this name already exists", field="name")
    body = Body(
        name=name.strip(),
        slug=_unique_slug(name),
        kind=kind,
        parent=parent,
        purpose=purpose,
        start_date=start_date,
        end_date=end_date,
    )
    with_reason(body, "Committee created", by=by).save()
    if permissions.has_role(by, Role.DEMOCRATIC_SERVICES):
        permissions.grant(_CLERK, by, body, by=by, reason="Clerk assigned")
    return body


@transaction.atomic
def body_update(*, body: Body, by, **changes) -> Body:
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(body, name, value)
    _check_dates(body.start_date, body.end_date)
    if changes.get("parent") == body or (body.parent and body.parent.parent_id == body.pk):
        raise RuleError("A committee cannot report to itself", field="parent")
    if Body.objects.filter(name__iexact=body.name).exclude(pk=body.pk).exists():
        raise RuleError("A committee with this name already exists", field="name")
    with_reason(body, "Committee details changed", by=by).save()
    return body


@transaction.atomic
def body_assign_clerk(*, body: Body, clerk, by) -> None:
    """Make ``clerk`` (a Democratic Services officer) a clerk of ``body``: they may manage it.

    Assigning a clerk who already clerks the body changes nothing.
    """
    if not permissions.has_role(clerk, Role.DEMOCRATIC_SERVICES):
        raise RuleError(f"{clerk} is not in Democratic Services, so cannot clerk a committee", field="clerk")
    permissions.grant(_CLERK, clerk, body, by=by, reason="Clerk assigned")


@transaction.atomic
def body_remove_clerk(*, body: Body, clerk, by) -> None:
    """Stop ``clerk`` managing ``body``. A body may be left without a clerk: its page then gives
    Democratic Services as the contact."""
    if not permissions.holders(_CLERK, body).filter(pk=clerk.pk).exists():
        raise RuleError(f"{clerk} is not a clerk of {body}", field="clerk")
    permissions.revoke(_CLERK, clerk, body, by=by, reason="Clerk removed")


@transaction.atomic
def membership_add(*, body: Body, person, role: str, start_date, end_date=None, by) -> Membership:
    """Seat ``person`` on ``body`` in ``role`` from ``start_date`` (to ``end_date``, if known).

    Refused if the person already sits on the body on any of those days, if the body would have
    two Chairs on the same day, or if a Cabinet Member would sit on overview and scrutiny.
    """
    _lock_seats(body)
    _check_dates(start_date, end_date)
    # Local Government Act 2000, s.9FA(3): members of the executive may not sit on an overview and
    # scrutiny committee or its sub-committees (task and finish groups).
    if body.is_scrutiny and Portfolio.objects.filter(cabinet_member__user=person).exists():
        raise RuleError("Cabinet Members cannot sit on overview and scrutiny committees", field="person")
    _check_seat(body=body, person=person, role=role, start=start_date, end=end_date)
    membership = Membership(body=body, person=person, role=role, start_date=start_date, end_date=end_date)
    with_reason(membership, "Membership added", by=by).save()
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, end_date: datetime.date, by) -> Membership:
    """Set the last day ``membership`` lasts; it may be the day it started, not before."""
    _lock_seats(membership.body)
    if end_date < membership.start_date:
        raise RuleError(
            f"The end date must be the same as or after the date they joined, {_date(membership.start_date)}",
            field="end_date",
        )
    _check_seat(
        body=membership.body,
        person=membership.person,
        role=membership.role,
        start=membership.start_date,
        end=end_date,
        exclude=membership.pk,
        field="end_date",
    )
    membership.end_date = end_date
    with_reason(membership, "Membership ended", by=by).save()
    return membership


def _lock_seats(body: Body) -> None:
    # Changes to one body's seats wait for each other, so two clerks cannot both pass the checks
    # below with clashing memberships.
    Body.objects.select_for_update().get(pk=body.pk)


def _check_seat(*, body, person, role, start, end, exclude=None, field=None) -> None:
    """Refuse a seat from ``start`` to ``end`` that shares a day with the person's other seats on
    ``body`` or, for a Chair, with another Chair's. (The database only stops two open-ended Chairs.)"""
    others = body.memberships.exclude(pk=exclude).overlapping(start, end).order_by("start_date")
    same_person = others.filter(person=person).first()
    if same_person:
        raise RuleError(f"{person} is already a member of {body} {_period(same_person)}", field=field or "person")
    if role != MembershipRole.CHAIR:
        return
    chair = others.filter(role=MembershipRole.CHAIR).select_related("person").first()
    if chair:
        raise RuleError(
            f"{body} already has a Chair, {chair.person}, {_period(chair)}. Change their end date first",
            field=field or "role",
        )


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def _period(membership: Membership) -> str:
    until = f" to {_date(membership.end_date)}" if membership.end_date else ""
    return f"from {_date(membership.start_date)}{until}"
