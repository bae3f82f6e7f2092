"""Commissioning queries: savings.

Every page here makes the same number of queries however many saving lines there are: lines come
with their review and owner in one query, and totals are computed by the database in one query
per grouping (``SavingLineQuerySet.totals`` and ``totals_by``).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.utils import timezone

from council import permissions
from members.models import Portfolio

from .. import access
from ..models import Review, ReviewPortfolio, SavingLine, financial_year_label
from ..models.savings import DOUBTFUL_STATUSES, financial_year_of


def can_view_savings(user) -> bool:
    return permissions.can(user, "commissioning.view_savingline")


def lines():
    return SavingLine.objects.select_related("review", "owner", "signed_off_by", "realised_entered_by")


def visible_review_or_404(user, pk) -> Review:
    return permissions.get_permitted_or_404(user, Review.objects.all(), "commissioning.view_review", pk=pk)


def visible_line_or_404(user, pk) -> SavingLine:
    return permissions.get_permitted_or_404(user, lines(), "commissioning.view_savingline", pk=pk)


def possible_owners():
    """Active officers and councillors: the people who may be a saving's accountable owner."""
    return (
        get_user_model()
        .objects.filter(Q(officer__isnull=False) | Q(member__isnull=False), is_active=True)
        .select_related("officer")
        .order_by("last_name", "first_name")
    )


def years_to_claim(today: datetime.date | None = None) -> list[int]:
    """Financial years a new saving may be claimed for: two back (late entries) to four ahead."""
    current = financial_year_of(today or timezone.localdate())
    return list(range(current - 2, current + 5))


@dataclass
class YearOfLines:
    year: int
    lines: list
    totals: dict

    @property
    def label(self) -> str:
        return financial_year_label(self.year)


def review_savings(user, review: Review, today: datetime.date | None = None) -> dict:
    """A review's saving lines by financial year, each year's totals and the review's."""
    today = today or timezone.localdate()
    queryset = lines().filter(review=review)
    by_year = queryset.totals_by("financial_year")
    rows = list(queryset)
    for line in rows:
        line.update_due = line.is_update_due(today)
    years = [
        YearOfLines(year, list(group), by_year[year])
        for year, group in groupby(rows, key=lambda line: line.financial_year)
    ]
    return {"years": years, "totals": queryset.totals(), "can_add": access.can_add_saving(user, review)}


# The overview's saving lines, a page at a time (the GOV.UK pagination pattern).
LINES_PER_PAGE = 50


@dataclass
class Overview:
    lines: Page
    doubtful: list
    totals: dict
    by_year: list
    by_portfolio: list
    shared_reviews: int
    doubtful_count: int = 0
    filters: dict = field(default_factory=dict)


def overview_lines(filters: dict):
    queryset = lines()
    if "year" in filters:
        queryset = queryset.filter(financial_year=filters["year"])
    if "portfolio" in filters:
        queryset = queryset.filter(review__in=Review.objects.filter(portfolios=filters["portfolio"]))
    if "status" in filters:
        queryset = queryset.filter(status=filters["status"])
    if "owner" in filters:
        queryset = queryset.filter(owner_id=filters["owner"])
    return queryset


def overview(filters: dict, portfolios: list[Portfolio], page: str | int | None = 1) -> Overview:
    """Totals by financial year and by portfolio, the lines at risk or slipped, and one page of
    every line (``page``: its number as asked; one out of range gives the nearest).

    A review accountable to two portfolios counts its savings under each, but once in the total.
    """
    queryset = overview_lines(filters)
    ordered = queryset.order_by("financial_year", "review__title", "budget_reference", "pk")
    by_year = sorted(queryset.totals_by("financial_year").items())
    by_portfolio_id = queryset.totals_by("review__portfolios")
    by_portfolio = [
        (portfolio, by_portfolio_id[portfolio.pk])
        for portfolio in portfolios
        if portfolio.pk in by_portfolio_id and filters.get("portfolio", portfolio.pk) == portfolio.pk
    ]
    # The lines in doubt, the latest years first: a page of them (the status filter shows them all).
    doubtful = queryset.filter(status__in=DOUBTFUL_STATUSES).order_by(
        "-financial_year", "review__title", "budget_reference", "pk"
    )
    return Overview(
        lines=Paginator(ordered, LINES_PER_PAGE).get_page(page),
        doubtful=list(doubtful[: settings.LIST_PAGE_SIZE]),
        doubtful_count=doubtful.count(),
        totals=queryset.totals(),
        by_year=[(financial_year_label(year), sums) for year, sums in by_year],
        by_portfolio=by_portfolio,
        shared_reviews=_shared_reviews(queryset),
        filters=filters,
    )


def _shared_reviews(queryset) -> int:
    """How many reviews (of these lines) are accountable to more than one portfolio, in one query."""
    return (
        ReviewPortfolio.objects.filter(review_id__in=queryset.values("review_id"))
        .values("review_id")
        .annotate(portfolios=Count("pk"))
        .filter(portfolios__gt=1)
        .count()
    )


def filter_choices() -> dict:
    """What the overview can be filtered by: years with savings, portfolios, owners of savings."""
    years = sorted(set(SavingLine.objects.values_list("financial_year", flat=True).distinct()))
    portfolios = list(Portfolio.objects.order_by("title"))
    owners = list(
        get_user_model()
        .objects.filter(pk__in=SavingLine.objects.values("owner_id"))
        .order_by("last_name", "first_name")
    )
    return {"years": years, "portfolios": portfolios, "owners": owners}


def my_savings(user, today: datetime.date | None = None) -> list[SavingLine]:
    """The lines the person is accountable for, each flagged when its monthly update is due."""
    today = today or timezone.localdate()
    rows = list(lines().filter(owner=user).order_by("financial_year", "review__title", "budget_reference"))
    for line in rows:
        line.update_due = line.is_update_due(today)
    return rows


def awaiting_signoff(user):
    """Lines ready for a finance officer's sign-off (realised has reached the claim), less those they
    may not sign off: their own, and those whose realised figure they entered."""
    return (
        lines()
        .awaiting_signoff()
        .exclude(owner=user)
        .exclude(realised_entered_by=user)
        .order_by("financial_year", "review__title")
    )


def signoff_panel(request) -> dict:
    """Dashboard (finance officers): savings awaiting delivery sign-off."""
    waiting = list(awaiting_signoff(request.user)[:10])
    return {"lines": waiting, "more": awaiting_signoff(request.user).count() if len(waiting) == 10 else 0}


def my_savings_panel(request) -> dict:
    """Dashboard: the savings the person is the accountable owner of."""
    today = timezone.localdate()
    mine = SavingLine.objects.filter(owner=request.user)
    counts = {
        "total": mine.count(),
        "due": mine.update_due(today).count(),
        "doubtful": mine.doubtful().count(),
    }
    return {"counts": counts, "sum_claimed": mine.open().totals()["claimed"] if counts["total"] else Decimal("0.00")}
