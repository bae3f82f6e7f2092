"""A member's consultations: those open to them, their drafts, what they submitted, what has closed.

The audience test is one query over all consultations (``audience.consultations_asking``), so
the page makes the same number of queries however many consultations there are.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from ...models import Consultation, ConsultationState, Member, Response, ResponseState
from .audience import consultations_asking
from .deadlines import closed_phrase, closes_in, closing_phrase, is_accepting


def consultations_for(member: Member, now: datetime.datetime | None = None) -> QuerySet:
    """The consultations (opened, not drafts) whose audience includes ``member``."""
    now = now or timezone.now()
    matching = consultations_asking(member, timezone.localdate(now)).values("pk")
    return (
        Consultation.objects.exclude(state=ConsultationState.DRAFT)
        .filter(opens_at__lte=now, pk__in=matching)
        .order_by("closes_at", "title")
    )


@dataclass
class Row:
    consultation: Consultation
    response: Response | None
    closing: str
    closes_in: str = ""
    summary_url: str = ""

    @property
    def response_state(self) -> str:
        return self.response.state if self.response else ""


@dataclass
class Mine:
    open: list[Row] = field(default_factory=list)
    drafts: list[Row] = field(default_factory=list)
    submitted: list[Row] = field(default_factory=list)
    closed: list[Row] = field(default_factory=list)


def summary_url(consultation: Consultation) -> str:
    """The published summary's page, once published."""
    if consultation.summary_published_at is None:
        return ""
    return reverse("members:consultation-summary", args=[consultation.pk])


def my_consultations(member: Member, now: datetime.datetime | None = None) -> Mine:
    """Three queries whatever the number of consultations: the member's currency, the
    consultations, the member's responses to them."""
    now = now or timezone.now()
    consultations = list(consultations_for(member, now))
    responses = {r.consultation_id: r for r in Response.objects.filter(member=member, consultation__in=consultations)}
    mine = Mine()
    for consultation in consultations:
        response = responses.get(consultation.pk)
        if is_accepting(consultation, now):
            row = Row(consultation, response, closing_phrase(consultation), closes_in(consultation, now))
            if response is None:
                mine.open.append(row)
            elif response.state == ResponseState.DRAFT:
                mine.drafts.append(row)
            else:
                mine.submitted.append(row)
        else:
            mine.closed.append(Row(consultation, response, closed_phrase(consultation), "", summary_url(consultation)))
    mine.closed.sort(key=lambda row: row.consultation.closes_at, reverse=True)
    return mine
