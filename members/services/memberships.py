"""Changes to memberships of bodies: who sits where, in what role, and when. Each is one transaction
with the acting person named; a rule that forbids the change raises RuleError in words a clerk can act on."""

import datetime

from django.db import transaction
from django.utils import formats

from council.errors import RuleError
from council.history import with_reason

from ..models import Body, Membership, MembershipRole, Portfolio
from .bodies import check_dates


@transaction.atomic
def membership_add(*, body: Body, person, role: str, start_date, end_date=None, by) -> Membership:
    """Seat ``person`` on ``body`` in ``role`` from ``start_date`` (to ``end_date``, if known).

    Refused if the person already sits on the body on any of those days, if the body would have
    two Chairs on the same day, or if a Cabinet Member would sit on overview and scrutiny.
    """
    _lock_seats(body)
    check_dates(start_date, end_date)
    # Local Government Act 2000, s.9FA(3): members of the executive may not sit on an overview and
    # scrutiny committee or its sub-committees (task and finish groups).
    if body.is_scrutiny and Portfolio.objects.filter(cabinet_member__user=person).exists():
        raise RuleError("Cabinet Members cannot sit on overview and scrutiny committees", field="person")
    _check_seat(body=body, person=person, role=role, start=start_date, end=end_date)
    membership = Membership(body=body, person=person, role=role, start_date=start_date, end_date=end_date)
    with_reason(membership, "Membership added", by=by).save()
    return membership


@transaction.atomic
def membership_end(
    *, membership: Membership, end_date: datetime.date, by, reason: str = "Membership ended"
) -> Membership:
    """Set the last day ``membership`` lasts; it may be the day it started, not before. ``reason``
    names the change in its history (a councillor's term ending says so)."""
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
    with_reason(membership, reason, by=by).save()
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
