"""Reads about minutes, recommendations and work programmes, permission-scoped through council.permissions.

Kept beside ``selectors.py`` (not in it) while attendance and documents grow there at the same time.
"""

from itertools import groupby

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone

from members.models import Body, Membership

from . import selectors
from .models import (
    Action,
    AgendaItem,
    Meeting,
    MeetingStatus,
    Recommendation,
    RecommendationResponse,
    Resolution,
    WorkProgrammeEntry,
    WorkProgrammeStatus,
)

#: Minutes exist from the moment a meeting is held; drafts until confirmed.
MINUTED = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED, MeetingStatus.MINUTES_CONFIRMED)


def sits_on(user, body: Body) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.current().filter(body=body, person=user).exists()


def can_read_draft_minutes(user, meeting: Meeting, *, can_manage: bool) -> bool:
    """Draft minutes are for the body's clerks and members until the body confirms them."""
    return can_manage or sits_on(user, meeting.body)


def minutes_rows(meeting: Meeting) -> list[dict]:
    """Each agenda item in order, with its number, minute, resolutions, actions and recommendations.

    A fixed number of queries however long the minutes are.
    """
    resolutions = Resolution.objects.order_by("position").prefetch_related(
        Prefetch("actions", queryset=Action.objects.select_related("owner", "bring_back_to").order_by("pk")),
        Prefetch("recommendations", queryset=Recommendation.objects.select_related("responder").order_by("pk")),
    )
    items = (
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("minute", "urgency_agreed_by", "published_in__urgency_agreed_by")
        .prefetch_related(Prefetch("minute__resolutions", queryset=resolutions), "minute__corrections")
        .order_by("position")
    )
    rows = []
    for number, item in enumerate(items, start=1):
        minute = getattr(item, "minute", None)
        rows.append(
            {
                "number": number,
                "item": item,
                "minute": minute,
                "resolutions": list(minute.resolutions.all()) if minute else [],
                "corrections": list(minute.corrections.all()) if minute else [],
            }
        )
    return rows


def later_held_meetings(meeting: Meeting):
    """Meetings of the same body after this one that have been held: where minutes can be confirmed."""
    return Meeting.objects.filter(body=meeting.body, starts_at__gt=meeting.starts_at, status__in=MINUTED).order_by(
        "starts_at"
    )


def future_meetings(body: Body):
    return (
        Meeting.objects.filter(body=body, starts_at__gt=timezone.now())
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
    )


def work_programme(body: Body) -> dict:
    """The Chair's view: what is coming, meeting by meeting; what is not yet scheduled."""
    entries = (
        WorkProgrammeEntry.objects.filter(body=body)
        .outstanding()
        .select_related("target_meeting", "action")
        .order_by("target_meeting__starts_at", "pk")
    )
    scheduled = [e for e in entries if e.status == WorkProgrammeStatus.SCHEDULED]
    return {
        "coming": [(meeting, list(group)) for meeting, group in groupby(scheduled, key=lambda e: e.target_meeting)],
        "unscheduled": [e for e in entries if e.status == WorkProgrammeStatus.PROPOSED],
        "done": list(
            WorkProgrammeEntry.objects.filter(body=body, status=WorkProgrammeStatus.DONE)
            .select_related("target_meeting")
            .order_by("-target_meeting__starts_at", "-pk")[:10]
        ),
    }


def recommendations_visible_to(user):
    """Recommendations in confirmed minutes of the meetings a person may see, and in draft minutes
    of the bodies they clerk."""
    meetings = selectors.meetings_visible_to(user)
    managed = selectors.bodies_managed_by(user)
    confirmed = Recommendation.objects.filter(
        resolution__minute__item__meeting__in=meetings.filter(status=MeetingStatus.MINUTES_CONFIRMED)
    )
    drafts = Recommendation.objects.filter(resolution__minute__item__meeting__body__in=managed)
    return (confirmed | drafts).distinct()


def executive_responders():
    """Who may be recorded to respond for the executive: the Cabinet Members (the Leader among them)."""
    return (
        get_user_model()
        .objects.filter(member__portfolios__isnull=False, is_active=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


def recommendation_tracker(user, *, body: Body | None = None, today=None) -> dict:
    """Recommendations by where they stand against the two months, in one query however many."""
    today = today or timezone.localdate()
    recommendations = recommendations_visible_to(user).select_related(
        "resolution__minute__item__meeting__body", "responder"
    )
    if body is not None:
        recommendations = recommendations.filter(resolution__minute__item__meeting__body=body)
    recommendations = list(recommendations.order_by("response_due", "made_on", "pk"))
    awaiting = [r for r in recommendations if r.response == RecommendationResponse.NONE_YET]
    received = [r for r in awaiting if r.response_due is not None]
    return {
        "overdue": [r for r in received if r.is_overdue(today)],
        "due": [r for r in received if not r.is_overdue(today)],
        "not_received": [r for r in awaiting if r.response_due is None],
        "answered": [r for r in recommendations if r.response != RecommendationResponse.NONE_YET],
    }
