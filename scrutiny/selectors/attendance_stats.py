"""Attendance statistics for any period: per member, per body and council-wide (what ModernGov's
attendance page shows, and what councils are asked for at every election).

Counted over the meetings held in the period (cancelled meetings are not expected) of the bodies the
reader may see: the public sees public bodies' figures only. For each person:

- expected: held meetings of a body on which they had a seat that day, other than as a substitute
  (a seat that started mid-period counts only from its first day);
- present: recorded present in person in their own seat;
- present as substitute: present (in person or remotely) standing in for a member who sent apologies;
- attended remotely: in their own seat, but not "present" for the quorum or a vote in England
  (LGA 1972 Sch.12; Hertfordshire CC v SSHCLG [2021]), so a column of its own;
- apologies: recorded as sending apologies;
- absent: expected, and neither present, remote nor with apologies (recorded absent, or not on the
  register of a held meeting).

Each table is one query however many people and meetings: every figure is a counted subquery
annotated on the row.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from council import calendar
from members import access as members_access
from members.models import Body, Membership, MembershipRole

from ..models import Attendance, AttendanceStatus, Meeting, MeetingStatus

HELD = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED, MeetingStatus.MINUTES_CONFIRMED)
#: A substitute's seat is not an expectation to attend: they come when a member sends apologies.
EXPECTED_ROLES = (MembershipRole.CHAIR, MembershipRole.VICE_CHAIR, MembershipRole.MEMBER, MembershipRole.CO_OPTED)
COLUMNS = ("expected", "present", "substitute", "remote", "apologies", "absent")
HEADINGS = (
    "Expected",
    "Present",
    "Present as substitute",
    "Attended remotely",
    "Apologies",
    "Absent",
)


class _Count(Subquery):
    """The number of rows a subquery returns, as a column of the outer query."""

    template = "(SELECT count(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def municipal_year(cls, on: datetime.date | None = None) -> "Period":
        return cls(*calendar.municipal_year(calendar.municipal_year_of(on or timezone.localdate())))

    @property
    def label(self) -> str:
        return f"{self.start.day} {self.start:%B %Y} to {self.end.day} {self.end:%B %Y}"


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def held_meetings(user, period: Period) -> QuerySet:
    """The meetings held in ``period`` of the bodies ``user`` may see, with their local day."""
    return Meeting.objects.filter(
        status__in=HELD,
        starts_at__gte=_moment(period.start),
        starts_at__lt=_moment(period.end + datetime.timedelta(days=1)),
        body__in=members_access.bodies_visible(user).values("pk"),
    ).annotate(day=TruncDate("starts_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))


def _figures(meetings: QuerySet, person, body=None) -> dict:
    """The counted subqueries for one person (an ``OuterRef`` or an id) over ``meetings``, or over
    those of ``body`` (an ``OuterRef``) alone."""
    # No ordering in a counted subquery: the default ordering would join meetings and people to sort.
    lines = Attendance.objects.filter(meeting__in=meetings.values("pk"), person=person).order_by()
    if body is not None:
        meetings = meetings.filter(body=body)
        lines = lines.filter(meeting__body=body)
    expected = meetings.filter(
        Q(body__memberships__end_date__isnull=True) | Q(body__memberships__end_date__gte=F("day")),
        body__memberships__person=person,
        body__memberships__role__in=EXPECTED_ROLES,
        body__memberships__start_date__lte=F("day"),
    )
    own = lines.filter(substitute_for__isnull=True)
    return {
        "expected": _Count(expected.order_by().values("pk").distinct()),
        "present": _Count(own.filter(status=AttendanceStatus.PRESENT).values("pk")),
        "substitute": _Count(
            lines.filter(
                substitute_for__isnull=False, status__in=(AttendanceStatus.PRESENT, AttendanceStatus.VIRTUAL)
            ).values("pk")
        ),
        "remote": _Count(own.filter(status=AttendanceStatus.VIRTUAL).values("pk")),
        "apologies": _Count(lines.filter(status=AttendanceStatus.APOLOGIES).values("pk")),
    }


def _with_absent(row: dict) -> dict:
    row["absent"] = max(row["expected"] - row["present"] - row["remote"] - row["apologies"], 0)
    return row


def _any(row: dict) -> bool:
    return any(row[column] for column in COLUMNS[:-1])


def _people_rows(people: QuerySet, meetings: QuerySet) -> list[dict]:
    """One row per person of ``people``: their name, councillor id and figures, in one query."""
    rows = people.annotate(**_figures(meetings, OuterRef("pk"))).values(
        "pk", "first_name", "last_name", "member__pk", *COLUMNS[:-1]
    )
    return [
        _with_absent({**row, "name": f"{row['first_name']} {row['last_name']}".strip(), "member_id": row["member__pk"]})
        for row in rows
        if _any(row)
    ]


def council_wide(user, period: Period) -> list[dict]:
    """Every councillor ``user`` may see with their figures for ``period`` (those with any)."""
    people = (
        get_user_model()
        .objects.filter(member__in=members_access.councillors_visible(user).values("pk"))
        .order_by("last_name", "first_name", "pk")
    )
    return _people_rows(people, held_meetings(user, period))


def for_body(user, body: Body, period: Period) -> list[dict]:
    """Everyone who had a seat on ``body`` in ``period``, with their figures for its meetings."""
    seated = body.memberships.overlapping(period.start, period.end).values("person")
    people = get_user_model().objects.filter(pk__in=seated).order_by("last_name", "first_name", "pk")
    return _people_rows(people, held_meetings(user, period).filter(body=body))


def for_member(user, member, period: Period) -> dict:
    """A councillor's figures body by body for ``period`` (the bodies ``user`` may see), and the
    total, in one query."""
    meetings = held_meetings(user, period)
    seats = Membership.objects.overlapping(period.start, period.end).filter(person_id=member.user_id)
    attended = Attendance.objects.filter(meeting__in=meetings.values("pk"), person_id=member.user_id)
    bodies = members_access.bodies_visible(user).filter(
        Q(pk__in=seats.values("body")) | Q(pk__in=attended.values("meeting__body"))
    )
    rows = [
        _with_absent(row)
        for row in bodies.order_by("name")
        .annotate(**_figures(meetings, member.user_id, OuterRef("pk")))
        .values("pk", "name", "slug", *COLUMNS[:-1])
        if _any(row)
    ]
    total = {column: sum(row[column] for row in rows) for column in COLUMNS}
    return {"rows": rows, "total": total}
