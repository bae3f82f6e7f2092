"""Reads of officer decisions: the searchable register, one record, and the officer's own."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from members.models import Officer

from .. import access
from ..models import OfficerDecision


@dataclass(frozen=True)
class OfficerDecisionFilters:
    decided_from: datetime.date | None = None
    decided_to: datetime.date | None = None
    officer: int | None = None
    directorate: str = ""
    keyword: str = ""


def officer_decisions_for_list(user, filters: OfficerDecisionFilters | None = None) -> QuerySet:
    """The officer decisions ``user`` may read (published records for everyone), filtered. The
    keyword is looked for in the public particulars only, never in the exempt part: a search must
    not tell anyone what exempt information says."""
    filters = filters or OfficerDecisionFilters()
    decisions = access.officer_decisions_visible(user).for_list()
    if filters.decided_from:
        decisions = decisions.filter(decided_on__gte=filters.decided_from)
    if filters.decided_to:
        decisions = decisions.filter(decided_on__lte=filters.decided_to)
    if filters.officer:
        decisions = decisions.filter(officer_id=filters.officer)
    if filters.directorate:
        decisions = decisions.filter(officer__directorate=filters.directorate)
    if keyword := filters.keyword.strip():
        decisions = decisions.filter(
            Q(title__icontains=keyword)
            | Q(decision__icontains=keyword)
            | Q(reasons__icontains=keyword)
            | Q(authority__icontains=keyword)
        )
    return decisions


def officer_decisions_page(user, filters: OfficerDecisionFilters, number) -> Page:
    """One page of the register: a count and the page's rows with their officers, however many rows."""
    return Paginator(officer_decisions_for_list(user, filters), settings.LIST_PAGE_SIZE).get_page(number)


def officer_decision_for_page(user, pk: int) -> OfficerDecision:
    return get_object_or_404(access.officer_decisions_visible(user).for_list().select_related("published_by"), pk=pk)


def _deciding_officers() -> QuerySet:
    """Officers with a published decision: the register's filter names nobody else."""
    return Officer.objects.filter(pk__in=OfficerDecision.objects.published().values("officer"))


def officers_for_filter() -> QuerySet:
    return _deciding_officers().select_related("user").order_by("user__last_name", "user__first_name")


def directorates_for_filter() -> list[str]:
    officers = _deciding_officers().exclude(directorate="")
    return list(officers.order_by("directorate").values_list("directorate", flat=True).distinct())
