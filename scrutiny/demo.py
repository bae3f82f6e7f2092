"""Demo meetings: a municipal year (May 2026 to April 2027) for every body, with agendas, and the
Overview and Scrutiny meeting the product was born from (the Strategic Commissioning item).

Fixed dates, so loading again changes nothing; agendas of meetings whose deadline has passed are
published on their last day, as a punctual clerk would have done.
"""

import datetime
import importlib.util

from django.contrib.auth import get_user_model
from django.utils import timezone

from council import calendar, permissions
from members.models import Body, Portfolio

from . import services
from .models import ItemKind, Meeting

User = get_user_model()

D, T = datetime.date, datetime.time
CHAMBER, ROOM_1, ROOM_2, ROOM_3 = (
    "Council Chamber, Town Hall",
    "Committee Room 1, Town Hall",
    "Committee Room 2, Town Hall",
    "Committee Room 3, Town Hall",
)
#: (body slug, first meeting, weeks between meetings, how many, start time, venue)
PATTERNS = [
    ("council", D(2026, 5, 20), 10, 5, T(19), CHAMBER),
    ("cabinet", D(2026, 6, 2), 5, 10, T(10), ROOM_1),
    ("overview-and-scrutiny-committee", D(2026, 6, 11), 6, 8, T(18), CHAMBER),
    ("social-and-community-overview-and-scrutiny-committee", D(2026, 6, 16), 7, 7, T(18), ROOM_2),
    ("environment-overview-and-scrutiny-committee", D(2026, 6, 24), 7, 7, T(18), ROOM_2),
    ("members-working-group", D(2026, 7, 1), 8, 5, T(16), ROOM_3),
    ("budget-working-group", D(2026, 9, 3), 4, 6, T(14), ROOM_3),
]

#: The source minutes' meeting: Overview and Scrutiny Committee, Thursday 22 October 2026.
SOURCE_MEETING = ("overview-and-scrutiny-committee", datetime.date(2026, 10, 22))

TOPICS = {
    "council": ["Corporate Strategy 2026 to 2030", "Treasury management report", "Budget and council tax 2027/28"],
    "cabinet": ["Budget monitoring", "Commissioning Work Plan", "Leisure services contract"],
    "overview-and-scrutiny-committee": ["Performance report: quarter 2", "Work programme"],
    "social-and-community-overview-and-scrutiny-committee": ["Adult social care commissioning", "Work programme"],
    "environment-overview-and-scrutiny-committee": ["Waste and recycling review", "Work programme"],
    "members-working-group": ["Member roles in strategic commissioning"],
    "budget-working-group": ["Savings proposals 2027/28"],
}


def _meeting_days(first: datetime.date, weeks: int, count: int) -> list[datetime.date]:
    days = []
    for n in range(count):
        day = first + datetime.timedelta(weeks=weeks * n)
        if not calendar.is_working_day(day):
            day = calendar.next_working_day(day)
        days.append(day)
    return days


def _clerk(body: Body) -> User:
    return permissions.holders("members.change_body", body).first()


def _person(**lookup):
    return User.objects.filter(**lookup).first()


def _build(body, day, start, venue, clerk, topics, today) -> Meeting:
    starts_at = timezone.make_aware(datetime.datetime.combine(day, start))
    existing = Meeting.objects.filter(body=body, starts_at=starts_at).first()
    if existing:
        return existing
    meeting = services.meeting_schedule(body=body, day=day, start_time=start, venue=venue, by=clerk)
    services.agenda_insert_standard_items(meeting=meeting, by=clerk)
    source = (body.slug, day) == SOURCE_MEETING
    if source:
        services.agenda_item_add(
            meeting=meeting,
            by=clerk,
            title="Strategic Commissioning",
            kind=ItemKind.REPORT,
            report_author=_person(officer__job_title="Assistant Chief Executive"),
            presenter=_person(member__portfolios__title="Corporate Services"),
            minutes_allowed=30,
        )
    for topic in topics:
        services.agenda_item_add(meeting=meeting, by=clerk, title=topic, kind=ItemKind.REPORT, minutes_allowed=20)
    if meeting.last_day_to_publish <= today:
        services.agenda_publish(meeting=meeting, by=clerk, today=meeting.last_day_to_publish)
        meeting.refresh_from_db()
    if day < today:
        _mark_held(meeting, clerk, source=source)
    return meeting


def _mark_held(meeting: Meeting, clerk, *, source: bool):
    mark_held = getattr(services, "meeting_mark_held", None)
    if mark_held is None:  # the minutes machinery has not landed: leave the agenda published
        return
    mark_held(meeting=meeting, by=clerk)
    if source and importlib.util.find_spec("scrutiny.demo_minutes"):
        from .demo_minutes import load_minutes

        load_minutes(meeting, clerk=clerk)


def load():
    today = timezone.localdate()
    bodies = {body.slug: body for body in Body.objects.all()}
    if not Portfolio.objects.exists() or not bodies:
        return []
    for slug, first, weeks, count, start, venue in PATTERNS:
        body = bodies.get(slug)
        if body is None:
            continue
        clerk = _clerk(body)
        days = _meeting_days(first, weeks, count)
        if slug == SOURCE_MEETING[0] and SOURCE_MEETING[1] not in days:
            days.append(SOURCE_MEETING[1])
        for day in sorted(days):
            _build(body, day, start, venue, clerk, TOPICS.get(slug, []), today)
    return []
