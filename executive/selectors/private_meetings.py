"""Reads of private meeting notices and of a Cabinet meeting's decisions, each a fixed number of
queries however many rows."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from members.models import BodyKind
from scrutiny.models import AgendaItem, Meeting

from ..models import ExecutiveDecision, PrivateMeetingNotice


def executive_meetings() -> QuerySet:
    """The meetings whose business is the executive's: the Cabinet's."""
    return Meeting.objects.filter(body__kind=BodyKind.CABINET).select_related("body")


def executive_meeting(pk: int) -> Meeting:
    return get_object_or_404(executive_meetings(), pk=pk)


def executive_item(pk: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.filter(meeting__body__kind=BodyKind.CABINET).select_related("meeting__body"), pk=pk
    )


def notices_for_list(*, meeting: int | None = None) -> QuerySet:
    """Every notice of intention, further notice and urgent notice: public (one query)."""
    notices = PrivateMeetingNotice.objects.public().for_list()
    if meeting is not None:
        notices = notices.filter(item__meeting=meeting)
    return notices.order_by("-item__meeting__starts_at", "item__position")


def meeting_private_items(meeting: Meeting) -> QuerySet:
    """The meeting's exempt items with their notices, for Democratic Services (one query)."""
    return meeting.items.filter(exempt=True).select_related("private_notice__urgency_agreed_by").order_by("position")


def meeting_decision_items(meeting: Meeting) -> QuerySet:
    """The meeting's items with the decisions recorded on them, for Democratic Services (two queries)."""
    return meeting.items.order_by("position").prefetch_related(
        Prefetch("executive_decisions", queryset=ExecutiveDecision.objects.order_by("pk"))
    )
