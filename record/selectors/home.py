"""What the public home shows: the next meetings of public bodies, and what was published lately.

Everything here is the public record and nothing else, whoever asks: meetings of public bodies
(LGA 1972 s.100A), agendas once published, minutes once confirmed, decision notices once published
(2012 Regulations reg 13) and consultations their owners show to the public. No agenda item is
listed, so no exempt item's title can reach the page. A fixed number of queries however many rows.
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from executive.models import ExecutiveDecision
from members.models import Consultation, ConsultationState
from scrutiny.models import Meeting, MeetingStatus, MinutesConfirmation, Publication

#: How many of each kind of recently published record the home lists.
RECENT = 5


@dataclass(frozen=True)
class Week:
    first: datetime.date  # Monday (or today, for the rest of this week)
    last: datetime.date  # Sunday
    meetings: list[Meeting]


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def public_meetings() -> QuerySet[Meeting]:
    """Meetings of public bodies that are going ahead."""
    return Meeting.objects.public().exclude(status=MeetingStatus.CANCELLED)


def next_meetings(*, today: datetime.date) -> tuple[Week, Week]:
    """This week's meetings from today, and next week's (Monday to Sunday, UK time), in one query."""
    monday = today - datetime.timedelta(days=today.weekday())
    next_monday = monday + datetime.timedelta(days=7)
    after = next_monday + datetime.timedelta(days=7)
    meetings = list(
        public_meetings()
        .filter(starts_at__gte=_start_of(today), starts_at__lt=_start_of(after))
        .select_related("body")
        .order_by("starts_at", "body__name")
    )
    this_week = [m for m in meetings if m.starts_at < _start_of(next_monday)]
    next_week = [m for m in meetings if m.starts_at >= _start_of(next_monday)]
    return (
        Week(today, next_monday - datetime.timedelta(days=1), this_week),
        Week(next_monday, after - datetime.timedelta(days=1), next_week),
    )


def recent_agendas() -> list[Publication]:
    """The latest agendas and supplements published for public bodies' meetings."""
    return list(
        Publication.objects.filter(meeting__in=public_meetings())
        .select_related("meeting__body")
        .order_by("-published_at", "-pk")[:RECENT]
    )


def recent_minutes() -> list[MinutesConfirmation]:
    """The latest minutes of public bodies' meetings confirmed as a correct record."""
    return list(
        MinutesConfirmation.objects.filter(
            meeting__in=Meeting.objects.public(), meeting__status=MeetingStatus.MINUTES_CONFIRMED
        )
        .select_related("meeting__body")
        .order_by("-confirmed_at", "-pk")[:RECENT]
    )


def recent_decisions() -> list[ExecutiveDecision]:
    """The latest executive decisions whose notice is published."""
    return list(ExecutiveDecision.objects.public().order_by("-notice_published_on", "-decided_on", "-pk")[:RECENT])


def open_consultations(*, now: datetime.datetime) -> list[Consultation]:
    """Consultations shown to the public and open now, closing soonest first."""
    return list(
        Consultation.objects.public()
        .filter(state=ConsultationState.OPEN, opens_at__lte=now, closes_at__gt=now)
        .order_by("closes_at", "title")
    )


def home_page(*, now: datetime.datetime | None = None) -> dict:
    """Everything the public home shows, in five queries."""
    now = now or timezone.now()
    this_week, next_week = next_meetings(today=timezone.localdate(now))
    return {
        "this_week": this_week,
        "next_week": next_week,
        "agendas": recent_agendas(),
        "minutes": recent_minutes(),
        "decisions": recent_decisions(),
        "consultations": open_consultations(now=now),
    }
