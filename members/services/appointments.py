"""The annual meeting's appointments: who sits on which committee for the municipal year, as one
batch, and the political balance report (Local Government and Housing Act 1989, s.15)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import formats, timezone

from council.errors import RuleError
from council.history import with_reason

from ..models import Body, BodyKind, Member, Membership, MembershipRole
from .memberships import membership_add, membership_end

#: Bodies the annual meeting appoints to. Council is every councillor; the Leader appoints the
#: Cabinet; programme boards follow their reviews.
APPOINTED_KINDS = (
    BodyKind.COMMITTEE,
    BodyKind.OVERVIEW_SCRUTINY,
    BodyKind.TASK_AND_FINISH,
    BodyKind.WORKING_GROUP,
    BodyKind.CABINET_WORKING_GROUP,
)
#: The seats the annual meeting fills (substitutes and co-opted members are left as they are).
APPOINTED_ROLES = (MembershipRole.CHAIR, MembershipRole.VICE_CHAIR, MembershipRole.MEMBER)


@dataclass
class Appointment:
    """One body's councillors for the year: the users sitting, and which of them chairs."""

    body: Body
    people: set[Any] = field(default_factory=set)
    chair: Any = None
    vice_chair: Any = None

    def role_of(self, person) -> str:
        if person == self.chair:
            return MembershipRole.CHAIR
        if person == self.vice_chair:
            return MembershipRole.VICE_CHAIR
        return MembershipRole.MEMBER


def appointed_bodies(on: datetime.date):
    return Body.objects.active(on).filter(kind__in=APPOINTED_KINDS).order_by("name")


def councillor_seats(bodies, on: datetime.date):
    """The councillors' appointed seats on ``bodies`` on ``on`` (one query)."""
    return (
        Membership.objects.current(on)
        .filter(body__in=bodies, role__in=APPOINTED_ROLES, person__member__isnull=False)
        .select_related("person__member__party")
    )


@transaction.atomic
def appointments_save(*, start_date: datetime.date, appointments: list[Appointment], by) -> int:
    """Seat each body's councillors from ``start_date`` (the annual meeting), through the membership
    services and their rules. A councillor who keeps the same seat keeps their membership; one who
    leaves it or changes role has it end the day before. Any rule broken saves nothing: the error
    names the body and the person. Returns how many memberships changed."""
    changed = 0
    day_before = start_date - datetime.timedelta(days=1)
    for appointment in appointments:
        body = appointment.body
        if appointment.chair and appointment.chair == appointment.vice_chair:
            raise RuleError(
                f"{body}: the Chair and the Vice-Chair must be different people", field=f"body_{body.pk}_members"
            )
        wanted = set(appointment.people) | {p for p in (appointment.chair, appointment.vice_chair) if p}
        kept = set()
        # Seats ending first, so a Chair who steps down frees the chair for their successor.
        for seat in councillor_seats([body], start_date).select_related("person").order_by("pk"):
            if seat.person in wanted and seat.role == appointment.role_of(seat.person):
                kept.add(seat.person)
                continue
            changed += 1
            if seat.start_date >= start_date:
                if seat.start_date < timezone.localdate():
                    # A seat already taken up is in the record of the meetings since: it may be
                    # ended, never withdrawn as if it had not been (a start date chosen in the past
                    # would otherwise delete a year's seats).
                    raise RuleError(
                        f"{body}: {seat.person.get_full_name()} already sits on it from "
                        f"{formats.date_format(seat.start_date, 'j F Y')}. End that seat on the committee's page",
                        field=f"body_{body.pk}_members",
                    )
                with_reason(seat, "Appointment withdrawn at the annual meeting", by=by).delete()
            else:
                membership_end(
                    membership=seat, end_date=day_before, by=by, reason="Not reappointed at the annual meeting"
                )
        for person in sorted(wanted - kept, key=lambda p: (p.last_name, p.first_name, p.pk)):
            try:
                membership_add(body=body, person=person, role=appointment.role_of(person), start_date=start_date, by=by)
            except RuleError as error:
                raise RuleError(
                    f"{body}: {person.get_full_name()}: {error.message}", field=f"body_{body.pk}_members"
                ) from None
            changed += 1
    return changed


@dataclass(frozen=True)
class GroupBalance:
    group: str
    council_seats: int
    share: Decimal  # of the council's seats, 0 to 1
    held: int
    entitled: int

    @property
    def difference(self) -> int:
        return self.held - self.entitled


@dataclass(frozen=True)
class BodyBalance:
    body: Body
    seats: int
    groups: list[GroupBalance]

    @property
    def balanced(self) -> bool:
        return all(group.difference == 0 for group in self.groups)


INDEPENDENT = "Independent (no group)"


def _group(member: Member) -> str:
    return member.party.name if member.party else INDEPENDENT


def entitlement(seats: int, group_seats: int, council_seats: int) -> int:
    """A group's seats on a body of ``seats`` in proportion to its share of the council's seats,
    rounded to the nearest whole seat, a half up (s.15(5): "as nearly as may be")."""
    if not council_seats:
        return 0
    exact = Decimal(seats * group_seats) / Decimal(council_seats)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def political_balance(on: datetime.date) -> tuple[list[tuple[str, int, Decimal]], list[BodyBalance]]:
    """The council's groups (name, seats, share) and, per appointed body, each group's seats
    against its proportional entitlement, on ``on``. Three queries whatever the council's size."""
    council = Counter(_group(m) for m in Member.objects.current(on).select_related("party"))
    total = sum(council.values())
    groups = [(name, count, Decimal(count) / total if total else Decimal(0)) for name, count in council.most_common()]
    bodies = list(appointed_bodies(on))
    held: dict[int, Counter] = {body.pk: Counter() for body in bodies}
    for seat in councillor_seats(bodies, on):
        held[seat.body_id][_group(seat.person.member)] += 1
    report = []
    for body in bodies:
        seats = sum(held[body.pk].values())
        names = [name for name, _, _ in groups] + sorted(set(held[body.pk]) - set(council))
        rows = [
            GroupBalance(
                group=name,
                council_seats=council.get(name, 0),
                share=Decimal(council.get(name, 0)) / total if total else Decimal(0),
                held=held[body.pk].get(name, 0),
                entitled=entitlement(seats, council.get(name, 0), total),
            )
            for name in names
        ]
        report.append(BodyBalance(body=body, seats=seats, groups=rows))
    return groups, report
