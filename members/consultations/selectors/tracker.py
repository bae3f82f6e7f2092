"""A consultation's tracker: who in the audience has submitted, has a draft or has not started,
by party, ward and committee, and submissions per day. The same number of queries however large
the audience: the audience, its responses and its committee seats are read in one query each and
put together in Python."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from ...models import Consultation, Member, Membership, Response, ResponseState
from .audience import audience


@dataclass
class Group:
    name: str
    submitted: int = 0
    draft: int = 0
    not_started: int = 0

    @property
    def total(self) -> int:
        return self.submitted + self.draft + self.not_started

    @property
    def rate(self) -> int:
        return round(100 * self.submitted / self.total) if self.total else 0


@dataclass
class TrackerRow:
    member: Member
    status: str  # "submitted", "draft" or "not started"
    submitted_at: datetime.datetime | None
    bodies: list[str] = field(default_factory=list)


@dataclass
class Tracker:
    rows: list[TrackerRow]
    by_party: list[Group]
    by_ward: list[Group]
    by_body: list[Group]
    per_day: list[tuple[datetime.date, int, int]]  # day, submissions that day, percentage of the biggest day
    submitted: int
    draft: int

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def not_started(self) -> int:
        return self.total - self.submitted - self.draft

    @property
    def rate(self) -> int:
        return round(100 * self.submitted / self.total) if self.total else 0


def _grouped(rows, key) -> list[Group]:
    groups: dict[str, Group] = {}
    for row in rows:
        for name in key(row):
            group = groups.setdefault(name, Group(name))
            if row.status == "submitted":
                group.submitted += 1
            elif row.status == "draft":
                group.draft += 1
            else:
                group.not_started += 1
    return sorted(groups.values(), key=lambda g: g.name)


def tracker(consultation: Consultation) -> Tracker:
    members = list(
        audience(consultation).select_related("user", "ward", "party").order_by("user__last_name", "user__first_name")
    )
    responses = {
        r["member_id"]: r
        for r in Response.objects.filter(consultation=consultation).values("member_id", "state", "submitted_at")
    }
    seats: defaultdict[int, list[str]] = defaultdict(list)
    for person_id, body_name in (
        Membership.objects.current()
        .filter(person__in=[m.user_id for m in members])
        .order_by("body__name")
        .values_list("person_id", "body__name")
    ):
        if body_name not in seats[person_id]:
            seats[person_id].append(body_name)
    rows = []
    for member in members:
        response = responses.get(member.pk)
        status = "not started" if response is None else ("submitted" if response["state"] == "submitted" else "draft")
        submitted_at = response["submitted_at"] if response and status == "submitted" else None
        rows.append(TrackerRow(member, status, submitted_at, seats.get(member.user_id, [])))
    per_day_counts = Counter(
        dict(
            Response.objects.filter(
                consultation=consultation, state=ResponseState.SUBMITTED, member__in=[m.pk for m in members]
            )
            .annotate(day=TruncDate("submitted_at", tzinfo=timezone.get_current_timezone()))
            .values("day")
            .annotate(n=Count("pk"))
            .values_list("day", "n")
        )
    )
    biggest = max(per_day_counts.values(), default=0)
    per_day = [(day, n, round(100 * n / biggest) if biggest else 0) for day, n in sorted(per_day_counts.items())]
    return Tracker(
        rows=rows,
        by_party=_grouped(rows, lambda r: [r.member.party_name]),
        by_ward=_grouped(rows, lambda r: [r.member.ward.name]),
        by_body=_grouped(rows, lambda r: r.bodies),
        per_day=per_day,
        submitted=sum(1 for r in rows if r.status == "submitted"),
        draft=sum(1 for r in rows if r.status == "draft"),
    )
