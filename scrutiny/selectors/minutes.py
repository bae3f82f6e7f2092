"""Reads about minutes, recommendations and work programmes, permission-scoped through council.permissions."""

from itertools import groupby

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone

from members.models import Body

from .. import access
from ..models import (
    Action,
    AgendaItem,
    Declaration,
    ItemKind,
    Meeting,
    MeetingStatus,
    MemberVote,
    Minute,
    Recommendation,
    RecommendationResponse,
    Resolution,
    WorkProgrammeEntry,
    WorkProgrammeStatus,
    exclusion_paragraphs,
    exclusion_wording,
)
from .minute_numbers import minute_numbers

#: Minutes exist from the moment a meeting is held; drafts until confirmed.
MINUTED = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFTED, MeetingStatus.MINUTES_CONFIRMED)


def minutes_rows(user, meeting: Meeting) -> list[dict]:
    """Each agenda item in order, with its number, minute, resolutions, actions and recommendations.

    An exempt item whose content ``user`` may not see (``access``) comes with its fair summary only
    (LGA 1972 s.100C(2)): its minute text, resolutions, actions, recommendations and corrections are
    never loaded. A fixed number of queries however long the minutes are.
    """
    resolutions = (
        Resolution.objects.order_by("position")
        .select_related("vote__casting_vote_by")
        .prefetch_related(
            Prefetch("vote__member_votes", queryset=MemberVote.objects.select_related("person")),
            Prefetch("actions", queryset=Action.objects.select_related("owner", "bring_back_to").order_by("pk")),
            Prefetch("recommendations", queryset=Recommendation.objects.select_related("responder").order_by("pk")),
        )
    )
    readable = access.visible(user, Minute.objects.filter(item__meeting=meeting))
    minutes = {
        minute.item_id: minute
        for minute in readable.prefetch_related(Prefetch("resolutions", queryset=resolutions), "corrections")
    }
    may_see = access.exempt_readable_ids(user, meeting)
    # The fair summary is written for the public: it is all the others see of an exempt minute.
    summaries = dict(
        Minute.objects.filter(item__meeting=meeting, item__exempt=True)
        .exclude(item__in=may_see)
        .values_list("item_id", "public_summary")
    )
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("urgency_agreed_by", "published_in__urgency_agreed_by")
        .order_by("position")
    )
    exclusions = exclusion_paragraphs(items)
    # Declarations are minuted per item (Localism Act 2011), with whether the member took part: the
    # nature of an interest in an exempt item follows the exempt rule, as on the meeting page.
    declared: dict[int, list] = {}
    all_declarations = list(
        Declaration.objects.filter(item__meeting=meeting)
        .select_related("person", "dispensation")
        .order_by("item__position", "person__last_name", "person__first_name")
    )
    for declaration in all_declarations:
        declared.setdefault(declaration.item_id, []).append(declaration)
    # Items are numbered when the meeting is held; until then (and for minutes from before numbers
    # were kept) the agenda's own numbering.
    labels = minute_numbers(meeting)
    by_pk = {item.pk: item for item in items}
    rows = []
    for number, item in enumerate(items, start=1):
        withheld = item.exempt and item.pk not in may_see
        minute = None if withheld else minutes.get(item.pk)
        declarations_minute = None
        if item.kind == ItemKind.DECLARATIONS:
            # The declarations made at the meeting, in their own minute, each citing the item's minute.
            declarations_minute = [
                (
                    d,
                    not (by_pk[d.item_id].exempt and d.item_id not in may_see),
                    labels.get(d.item_id, ""),
                    by_pk[d.item_id],
                )
                for d in all_declarations
            ]
        rows.append(
            {
                "number": number,
                "minute_number": labels.get(item.pk, f"{number}."),
                "declarations_minute": declarations_minute,
                "item": item,
                "minute": minute,
                "withheld": withheld,
                "fair_summary": summaries.get(item.pk, "") if withheld else "",
                "exclusion": (
                    exclusion_wording(exclusions[item.pk], resolved=True)
                    if item.pk in exclusions and not minute
                    else ""
                ),
                "resolutions": list(minute.resolutions.all()) if minute else [],
                "corrections": list(minute.corrections.all()) if minute else [],
                "declarations": [(d, not withheld) for d in declared.get(item.pk, [])],
            }
        )
    return rows


def blank_items(meeting: Meeting) -> list[AgendaItem]:
    """Published items with no minute: minutes are confirmed only when each item has its minute, or
    is noted. A declarations item is minuted by the declarations themselves (or their absence)."""
    return list(
        AgendaItem.objects.filter(meeting=meeting, published_in__isnull=False, minute__isnull=True)
        .exclude(kind=ItemKind.DECLARATIONS)
        .select_related("minute_number")
        .order_by("position")
    )


def next_meeting(meeting: Meeting) -> Meeting | None:
    """The body's next meeting after this one, not cancelled: the one that confirms its minutes."""
    return (
        Meeting.objects.filter(body=meeting.body, starts_at__gt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")
        .first()
    )


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


def work_programme(user, body: Body) -> dict:
    """The Chair's view: what is coming, meeting by meeting; what is not yet scheduled. Entries made
    by actions of draft minutes or of exempt items only for those who may read them (``access``)."""
    visible = access.visible(user, WorkProgrammeEntry.objects.filter(body=body))
    entries = (
        visible.outstanding().select_related("target_meeting", "action").order_by("target_meeting__starts_at", "pk")
    )
    scheduled = [e for e in entries if e.status == WorkProgrammeStatus.SCHEDULED]
    return {
        "coming": [(meeting, list(group)) for meeting, group in groupby(scheduled, key=lambda e: e.target_meeting)],
        "unscheduled": [e for e in entries if e.status == WorkProgrammeStatus.PROPOSED],
        "done": list(
            visible.filter(status=WorkProgrammeStatus.DONE)
            .select_related("target_meeting")
            .order_by("-target_meeting__starts_at", "-pk")[:10]
        ),
    }


def recommendations_visible_to(user):
    """Recommendations in minutes a person may read (confirmed, or draft of the bodies they clerk or
    sit on), except those made on exempt items whose content they may not see (``access``)."""
    return access.visible(user, Recommendation.objects.all())


def executive_responders():
    """Who may be recorded to respond for the executive: the Cabinet Members (the Leader among them)."""
    return (
        get_user_model()
        .objects.filter(member__portfolios__isnull=False, is_active=True)
        .distinct()
        .order_by("last_name", "first_name")
    )


def recommendation_tracker(user, *, body: Body | None = None, today=None) -> dict:
    """Recommendations by where they stand against the two months: those awaiting a response in
    lists (one query however many: the executive's work to do), those answered (the archive, which
    grows with every year) as a QuerySet, the latest first, for the page to count and show a page of."""
    today = today or timezone.localdate()
    recommendations = recommendations_visible_to(user).select_related(
        "resolution__minute__item__meeting__body", "responder"
    )
    if body is not None:
        recommendations = recommendations.filter(resolution__minute__item__meeting__body=body)
    recommendations = recommendations.order_by("response_due", "made_on", "pk")
    awaiting = list(recommendations.filter(response=RecommendationResponse.NONE_YET))
    received = [r for r in awaiting if r.response_due is not None]
    return {
        "overdue": [r for r in received if r.is_overdue(today)],
        "due": [r for r in received if not r.is_overdue(today)],
        "not_received": [r for r in awaiting if r.response_due is None],
        "answered": recommendations.exclude(response=RecommendationResponse.NONE_YET).order_by("-made_on", "-pk"),
    }
