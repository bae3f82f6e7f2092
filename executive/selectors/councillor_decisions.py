"""The decisions a councillor took as a Cabinet Member, for their public page (``members.public_pages``).

A decision is theirs when its decision maker was a portfolio they held on the day it was taken: who
held a portfolio when is read from the portfolio's history (each change of Cabinet Member is a
history record), so a portfolio that changed hands credits each holder with their own decisions.
Published notices only (reg 13), whoever reads; their exempt parts are never shown here. Two queries.
"""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from members.models import Portfolio

from ..models import DecisionMakerKind, ExecutiveDecision

#: Listed on the councillor's page; the decisions list filters by portfolio for the rest.
SHOWN = 20


def holding_periods(member) -> list[tuple[int, datetime.date, datetime.date]]:
    """(portfolio id, first day, last day) for each time ``member`` held a portfolio, in one query. The
    earliest record of a portfolio counts from the beginning (nothing older says otherwise)."""
    records = Portfolio.history.model.objects.filter(
        id__in=Portfolio.history.model.objects.filter(cabinet_member_id=member.pk).values("id")
    ).order_by("id", "history_date", "history_id")
    periods: list[tuple[int, datetime.date, datetime.date]] = []
    holding: dict[int, datetime.date] = {}
    first_seen: set[int] = set()
    for record in records.values("id", "cabinet_member_id", "history_date"):
        portfolio, day = record["id"], timezone.localdate(record["history_date"])
        start = day if portfolio in first_seen else datetime.date.min
        first_seen.add(portfolio)
        if record["cabinet_member_id"] == member.pk:
            holding.setdefault(portfolio, start)
        elif portfolio in holding:
            periods.append((portfolio, holding.pop(portfolio), day))
    periods.extend((portfolio, start, datetime.date.max) for portfolio, start in holding.items())
    return periods


def cabinet_member_decisions(member) -> QuerySet:
    """The published decisions ``member`` took as a Cabinet Member, latest first."""
    periods = holding_periods(member)
    if not periods:
        return ExecutiveDecision.objects.none()
    held = Q()
    for portfolio, start, end in periods:
        held |= Q(decision_maker__portfolio_id=portfolio, decided_on__gte=start, decided_on__lte=end)
    return (
        ExecutiveDecision.objects.public()
        .filter(held, decision_maker__kind=DecisionMakerKind.CABINET_MEMBER)
        .select_related("decision_maker__portfolio")
        .order_by("-decided_on", "-pk")
    )


def councillor_decisions_section(request, councillor) -> dict | None:
    decisions = list(cabinet_member_decisions(councillor)[: SHOWN + 1])
    if not decisions:
        return None
    return {"councillor": councillor, "decisions": decisions[:SHOWN], "more": len(decisions) > SHOWN}
