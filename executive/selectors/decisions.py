"""Reads of executive decisions: the filtered list, one decision, the quarterly urgency report."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from .. import access
from ..models import CallInStatus, ExecutiveDecision


@dataclass(frozen=True)
class DecisionFilters:
    decided_from: datetime.date | None = None
    decided_to: datetime.date | None = None
    decision_maker: int | None = None
    portfolio: int | None = None
    key: bool | None = None
    call_in: str = ""


def decisions_for_list(user, filters: DecisionFilters | None = None, *, today: datetime.date | None = None) -> QuerySet:
    """The decisions ``user`` may read (published notices for everyone), filtered; a fixed number
    of queries however many rows (decision makers, portfolios and entries joined)."""
    filters = filters or DecisionFilters()
    today = today or timezone.localdate()
    decisions = access.decisions_visible(user).for_list()
    if filters.decided_from:
        decisions = decisions.filter(decided_on__gte=filters.decided_from)
    if filters.decided_to:
        decisions = decisions.filter(decided_on__lte=filters.decided_to)
    if filters.decision_maker:
        decisions = decisions.filter(decision_maker_id=filters.decision_maker)
    if filters.portfolio:
        decisions = decisions.filter(portfolio_id=filters.portfolio)
    if filters.key is not None:
        decisions = decisions.filter(is_key=filters.key)
    if filters.call_in == CallInStatus.SUBJECT_TO_CALL_IN:
        decisions = decisions.subject_to_call_in(today)
    elif filters.call_in == CallInStatus.CALLED_IN:
        decisions = decisions.called_in(today)
    elif filters.call_in == CallInStatus.EFFECTIVE:
        decisions = decisions.effective(today)
    return decisions


def decision_for_page(user, pk: int) -> ExecutiveDecision:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        access.decisions_visible(user)
        .for_list()
        .select_related("scrutiny_chair", "urgency_agreed_by", "agenda_item__meeting__body"),
        pk=pk,
    )


def special_urgency_report(*, year: int, quarter: int) -> QuerySet:
    """Reg 19: the decisions taken under special urgency in a quarter (1: January to March), for
    the Leader's report to Council."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter is 1 to 4")
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return (
        ExecutiveDecision.objects.special_urgency()
        .filter(decided_on__gte=start, decided_on__lt=end)
        .for_list()
        .select_related("urgency_agreed_by")
        .order_by("decided_on", "pk")
    )
