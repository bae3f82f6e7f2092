"""Reads of the members' register of interests: what each viewer may see, and the 28-day clock.

- The member and the Monitoring Officer see the whole register (``full_register``).
- Everyone else (the public, other members, officers) sees the published register
  (``published_register``): current registrable interests and gifts, and the dispensations in force.
  A sensitive interest (s.32) is reduced to a statement that it exists; a spouse's or partner's name
  is never in it; non-registrable interests are not published.

The published register is built only from what may be published, so the pages, the PDF and anything
else that renders it cannot show what it was never given.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .. import access
from ..models import (
    NOTIFY_WITHIN_DAYS,
    Dispensation,
    Gift,
    Interest,
    InterestHolder,
    InterestKind,
    Member,
    RegisterReturn,
)

#: What the published register shows of a sensitive interest (s.32(2)).
WITHHELD = "The member has an interest whose details are withheld under section 32"


# The 28-day clock


class Clock:
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"


def notify_by(became_aware_on: datetime.date) -> datetime.date:
    """The last day to notify: the 28th day after becoming aware (s.30(1), s.31(2)-(3))."""
    return became_aware_on + datetime.timedelta(days=NOTIFY_WITHIN_DAYS)


def clock_state(became_aware_on: datetime.date, today: datetime.date) -> str:
    """Due up to and including day 28; overdue from day 29."""
    return Clock.DUE if today <= notify_by(became_aware_on) else Clock.OVERDUE


def term_start(member: Member) -> datetime.date | None:
    """The day the member took office: their term's start, else the day of the poll."""
    return member.term_starts_on or member.elected_on


@dataclass(frozen=True)
class RegisterClock:
    """A member's duty to make their return within 28 days of taking office (s.30(1)): to confirm
    their register complete, or that they have nothing to register. Done once they have made a
    return for this term; a return after the 28th day is ``late``."""

    member: Member
    started_on: datetime.date
    notify_by: datetime.date
    state: str  # Clock.DUE / OVERDUE / DONE
    days_left: int
    returned_on: datetime.date | None = None
    nil: bool = False  # the latest return for the term said there was nothing to register

    @property
    def late(self) -> bool:
        return self.returned_on is not None and self.returned_on > self.notify_by


def _clock(member: Member, today: datetime.date) -> RegisterClock | None:
    """``member``'s clock, from the annotations of ``_with_returns``."""
    returned_on = member.returned_on  # type: ignore[attr-defined]
    started = term_start(member)
    if started is None or started > today:
        return None
    state = Clock.DONE if returned_on else clock_state(started, today)
    days_left = (notify_by(started) - today).days
    nil = bool(member.returned_nil)  # type: ignore[attr-defined]
    return RegisterClock(member, started, notify_by(started), state, days_left, returned_on, nil)


def _with_returns(members):
    """Members annotated with their first return for their current term (``returned_on``: what the
    28-day clock asks), whether their latest one for it was nil (``returned_nil``), and their latest
    return of any term (``last_confirmed``)."""
    returns = RegisterReturn.objects.filter(person_id=OuterRef("user_id")).order_by()
    first_for_term = returns.filter(term_starts_on=Coalesce(OuterRef("term_starts_on"), OuterRef("elected_on")))
    return members.annotate(
        returned_on=Subquery(first_for_term.order_by("submitted_on").values("submitted_on")[:1]),
        returned_nil=Subquery(first_for_term.order_by("-submitted_on", "-pk").values("nil")[:1]),
        last_confirmed=Subquery(returns.order_by("-submitted_on").values("submitted_on")[:1]),
    )


def register_clock(member: Member, today: datetime.date | None = None) -> RegisterClock | None:
    today = today or timezone.localdate()
    return _clock(_with_returns(Member.objects.filter(pk=member.pk)).get(), today)


def last_confirmed(member: Member) -> datetime.date | None:
    """The last day ``member`` confirmed their register complete (any term): the published register
    says so, and nothing more of their returns."""
    return (
        RegisterReturn.objects.filter(person_id=member.user_id)
        .order_by("-submitted_on")
        .values_list("submitted_on", flat=True)
        .first()
    )


def nothing_to_register(member: Member, today: datetime.date | None = None) -> bool:
    """Has ``member`` nothing in their register for this term: no current registrable interest
    (theirs or their spouse's or partner's) and no gift received since the term started? Their
    return is then a nil return."""
    today = today or timezone.localdate()
    interests = Interest.objects.filter(person_id=member.user_id, notified_on__lte=today).registrable().current(today)
    gifts = Gift.objects.filter(person_id=member.user_id, received_on__lte=today)
    started = term_start(member)
    if started is not None:
        gifts = gifts.filter(received_on__gte=started)
    return not (interests.exists() or gifts.exists())


# What the member and the Monitoring Officer see


@dataclass
class FullRegister:
    member: Member
    interests: list[Interest]
    gifts: list[Gift]
    dispensations: list[Dispensation]
    clock: RegisterClock | None


def full_register(viewer, member: Member, today: datetime.date | None = None) -> FullRegister:
    """Everything in ``member``'s register, for the member and the Monitoring Officer only."""
    if not (access.can_keep_register(viewer, member.user) or access.can_review_registers(viewer)):
        raise PermissionError("Only the member and the Monitoring Officer see the whole register")
    today = today or timezone.localdate()
    interests = list(
        Interest.objects.filter(person_id=member.user_id)
        .select_related("reviewed_by")
        .prefetch_related("wards")
        .order_by("ended_on", "kind", "category", "pk")
    )
    gifts = list(Gift.objects.filter(person_id=member.user_id).order_by("-received_on", "-pk"))
    dispensations = list(
        Dispensation.objects.filter(person_id=member.user_id)
        .select_related("body", "interest", "granted_by")
        .order_by("-starts_on", "-pk")
    )
    return FullRegister(member, interests, gifts, dispensations, register_clock(member, today))


# What everyone else sees


@dataclass(frozen=True)
class PublishedInterest:
    kind: str
    category: str
    holder: str
    details: str
    organisation: str = ""
    wards: tuple[str, ...] = ()
    withheld: bool = False


@dataclass(frozen=True)
class PublishedGift:
    received_on: datetime.date
    donor: str
    description: str
    value: str


@dataclass(frozen=True)
class PublishedDispensation:
    scope: str
    body: str
    allows: str
    starts_on: datetime.date
    ends_on: datetime.date


@dataclass
class PublishedRegister:
    member: Member
    disclosable: list[PublishedInterest] = field(default_factory=list)
    other: list[PublishedInterest] = field(default_factory=list)
    gifts: list[PublishedGift] = field(default_factory=list)
    dispensations: list[PublishedDispensation] = field(default_factory=list)
    confirmed_on: datetime.date | None = None  # the member's last return: that day, nothing more

    @property
    def empty(self) -> bool:
        return not (self.disclosable or self.other or self.gifts or self.dispensations)


def _published_interest(interest: Interest) -> PublishedInterest:
    if interest.sensitive:
        # s.32(2): the register states that the member has an interest whose details are withheld.
        return PublishedInterest(
            kind=interest.get_kind_display(), category="", holder="", details=WITHHELD, withheld=True
        )
    return PublishedInterest(
        kind=interest.get_kind_display(),
        category=interest.get_category_display(),
        holder="The member" if interest.holder == InterestHolder.MEMBER else "Their spouse or partner",
        details=interest.description,
        organisation=interest.organisation,
        wards=tuple(ward.name for ward in interest.wards.all()),
    )


def pounds(pence: int) -> str:
    return Gift(value_pence=pence).value


def _allows(dispensation: Dispensation) -> str:
    if dispensation.may_participate and dispensation.may_vote:
        return "Take part and vote"
    return "Take part, not vote" if dispensation.may_participate else "Vote"


def published_register(member: Member, today: datetime.date | None = None) -> PublishedRegister:
    """``member``'s register as the law publishes it (s.29(5)-(6), s.32): current registrable
    interests (sensitive ones as a bare statement), gifts, and dispensations in force. Never a
    partner's name, never a sensitive interest's details, never a non-registrable interest."""
    today = today or timezone.localdate()
    interests = (
        Interest.objects.filter(person_id=member.user_id)
        .registrable()
        .current(today)
        .prefetch_related("wards")
        .order_by("kind", "category", "pk")
    )
    register = PublishedRegister(member, confirmed_on=last_confirmed(member))
    for interest in interests:
        shown = _published_interest(interest)
        if interest.kind == InterestKind.DISCLOSABLE_PECUNIARY:
            register.disclosable.append(shown)
        else:
            register.other.append(shown)
    register.gifts = [
        PublishedGift(gift.received_on, gift.donor, gift.description, gift.value)
        for gift in Gift.objects.filter(person_id=member.user_id).order_by("-received_on", "-pk")
    ]
    dispensations = (
        Dispensation.objects.filter(person_id=member.user_id, starts_on__lte=today, ends_on__gte=today)
        .select_related("body", "interest")
        .order_by("-starts_on", "-pk")
    )
    register.dispensations = [
        PublishedDispensation(
            # A dispensation for a sensitive interest would tell what the interest is.
            scope=WITHHELD if d.interest is not None and d.interest.sensitive else d.scope,
            body=str(d.body) if d.body_id else "Every committee",
            allows=_allows(d),
            starts_on=d.starts_on,
            ends_on=d.ends_on,
        )
        for d in dispensations
    ]
    return register


# The Monitoring Officer's lists and the dashboards


@dataclass(frozen=True)
class RegisterRow:
    member: Member
    interests: int
    to_review: int
    last_notified: datetime.date | None
    clock: RegisterClock | None
    last_confirmed: datetime.date | None = None


def registers(today: datetime.date | None = None) -> list[RegisterRow]:
    """Every serving member's register, with what awaits review and the 28-day clock: one query."""
    today = today or timezone.localdate()
    members = _with_returns(Member.objects.current(today).with_people()).annotate(
        interest_count=Count(
            "user__interests",
            filter=Q(user__interests__ended_on__isnull=True) | Q(user__interests__ended_on__gte=today),
            distinct=True,
        ),
        to_review=Count("user__interests", filter=Q(user__interests__reviewed_at__isnull=True), distinct=True),
        last_notified=Max("user__interests__notified_on"),
    )
    rows = [
        RegisterRow(
            member,
            member.interest_count,
            member.to_review,
            member.last_notified,
            _clock(member, today),
            member.last_confirmed,
        )
        for member in members.order_by("user__last_name", "user__first_name")
    ]
    return rows


def dispensations(today: datetime.date | None = None) -> list[Dispensation]:
    """Every dispensation, newest first, for the Monitoring Officer."""
    return list(
        Dispensation.objects.select_related("person", "body", "interest", "granted_by").order_by("-starts_on", "-pk")
    )


def my_register_panel(request) -> dict:
    """The member's dashboard panel: their register and its clock."""
    member = Member.objects.filter(user=request.user).first()
    if member is None:
        return {"member": None}
    return {
        "member": member,
        "clock": register_clock(member),
        "interests": Interest.objects.filter(person=request.user).current().count(),
    }


#: How many members the Monitoring Officer's panel names in each of due and overdue.
PANEL_NAMES = 5


def registers_panel(request) -> dict:
    """The Monitoring Officer's panel: registers due and overdue, and entries awaiting review."""
    rows = registers()
    overdue = [row for row in rows if row.clock and row.clock.state == Clock.OVERDUE]
    due = [row for row in rows if row.clock and row.clock.state == Clock.DUE]
    # The soonest first; the panel names a few and counts the rest (the list page has them all).
    due.sort(key=lambda row: row.clock.notify_by if row.clock else datetime.date.max)
    return {
        "overdue": overdue[:PANEL_NAMES],
        "overdue_count": len(overdue),
        "due": due[:PANEL_NAMES],
        "due_count": len(due),
        "to_review": sum(row.to_review for row in rows),
    }
