"""What the public reads of consultations: those their owners show to the public, once open.

Only the title, purpose, dates, state and the published outcome ("you said, we did"): never the
questions' answers, the responses or who responded. A fixed number of queries however many.
"""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from ...models import Consultation, ConsultationState


def public_consultations() -> QuerySet[Consultation]:
    """The consultations the public may read (``Consultation.objects.public()``), with no more
    columns than the public page needs."""
    return Consultation.objects.public().only(
        "pk", "title", "purpose", "state", "opens_at", "closes_at", "outcome", "outcome_published_at"
    )


def public_state(consultation: Consultation, *, now: datetime.datetime) -> str:
    """The state as the public reads it: open until its closing time (the task that closes it may
    run a minute later), then closed, then its outcome published."""
    if consultation.outcome_published_at:
        return "Outcome published"
    if consultation.state == ConsultationState.OPEN and consultation.closes_at > now:
        return "Open"
    return "Closed"


@dataclass(frozen=True)
class PublicRow:
    consultation: Consultation
    state: str


def public_list(*, now: datetime.datetime | None = None) -> dict[str, list[PublicRow]]:
    """The public list in one query: open ones (closing soonest first), then the rest (latest first)."""
    now = now or timezone.now()
    rows = [PublicRow(c, public_state(c, now=now)) for c in public_consultations().order_by("-closes_at", "title")]
    open_rows = sorted((r for r in rows if r.state == "Open"), key=lambda r: r.consultation.closes_at)
    return {"open": open_rows, "closed": [r for r in rows if r.state != "Open"]}
