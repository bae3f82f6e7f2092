"""Commissioning queries: priorities, their rank, and the schedule of reviews in priority order.

Rank is dense and council-wide: reviews with equal scores share a rank, the next score takes the
next rank (1, 2, 2, 3), and only open reviews take one. A filter narrows what the schedule lists,
never the ranks it shows.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import DecimalField, F, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from council import permissions
from executive.models import EntryStatus, ForwardPlanEntry
from members.models import Portfolio

from ..models import (
    OPEN_STATUSES,
    STAGE_ORDER,
    Criterion,
    CriterionWeight,
    PriorityAssessment,
    Rag,
    Review,
    ReviewDecision,
    ReviewPortfolio,
    SavingLine,
    Stage,
)
from ..models.savings import ZERO

User = get_user_model()


def criterion_weights() -> list[CriterionWeight]:
    """The six criteria with their weights and guidance, in the order of ``Criterion``."""
    order = {criterion: index for index, criterion in enumerate(Criterion.values)}
    return sorted(CriterionWeight.objects.all(), key=lambda row: order[row.criterion])


@dataclass(frozen=True)
class Ranking:
    """Dense ranks by score, highest first, over the assessments of open reviews."""

    ranks: dict[Decimal, int]
    sharing: Counter
    total: int

    def rank_of(self, score: Decimal) -> int | None:
        return self.ranks.get(score)

    def is_joint(self, score: Decimal) -> bool:
        return self.sharing[score] > 1


def ranking() -> Ranking:
    scores = list(PriorityAssessment.objects.ranked().order_by().values_list("score", flat=True))
    ordered = sorted(set(scores), reverse=True)
    return Ranking({score: index + 1 for index, score in enumerate(ordered)}, Counter(scores), len(scores))


def assessment_of(review: Review) -> PriorityAssessment | None:
    return (
        PriorityAssessment.objects.select_related("assessed_by")
        .prefetch_related("scores")
        .filter(review=review)
        .first()
    )


@dataclass(frozen=True)
class CriterionRow:
    criterion: str
    label: str
    weight: int
    guidance: str
    score: object  # the CriterionScore, or None before the review is assessed


def criterion_rows(assessment: PriorityAssessment | None) -> list[CriterionRow]:
    scores = {row.criterion: row for row in assessment.scores.all()} if assessment else {}
    return [
        CriterionRow(row.criterion, row.get_criterion_display(), row.weight, row.guidance, scores.get(row.criterion))
        for row in criterion_weights()
    ]


# --- The schedule ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StageStep:
    stage: str
    label: str
    planned_start: datetime.date | None
    planned_end: datetime.date | None
    state: str  # "done", "current" or "to come"
    actual_start: datetime.date | None = None
    actual_end: datetime.date | None = None


@dataclass(frozen=True)
class NextDecision:
    entry: ForwardPlanEntry
    expected_on: datetime.date


@dataclass
class ScheduleRow:
    """One review as the schedule shows it: where it is in the cycle, against plan, who answers for
    it and its savings (every line counted, as ``SavingLineQuerySet.totals``)."""

    review: Review
    rank: int | None
    joint: bool
    stages: list[StageStep]
    portfolios: list[Portfolio]
    owners: list = field(default_factory=list)  # the people who own its savings, by name
    target: Decimal = ZERO
    forecast: Decimal = ZERO
    realised: Decimal = ZERO
    next_decision: NextDecision | None = None
    today: datetime.date | None = None

    @property
    def assessment(self) -> PriorityAssessment | None:
        return getattr(self.review, "priority", None)

    @property
    def current(self) -> StageStep | None:
        return next((step for step in self.stages if step.state == "current"), None)

    @property
    def gate_due(self):
        """The planned date of the current stage's gate (the end of the stage)."""
        current = self.current
        return current.planned_end if current else None

    @property
    def last_gate(self):
        """The date the last stage that ran ended (its gate was passed)."""
        ended = [step.actual_end for step in self.stages if step.state == "done" and step.actual_end]
        return max(ended) if ended else None

    @property
    def days_behind(self) -> int:
        """Days past the current stage's planned end, 0 when on plan or nothing is planned."""
        due = self.gate_due
        if due is None or self.today is None or self.today <= due:
            return 0
        return (self.today - due).days

    @property
    def realised_percent(self) -> int | None:
        return _percent(self.realised, self.target)


def _percent(part: Decimal, whole: Decimal) -> int | None:
    if not whole:
        return None
    return int((part * 100 / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class ScheduleGroup:
    rows: list[ScheduleRow] = field(default_factory=list)

    @property
    def target(self) -> Decimal:
        return sum((row.target for row in self.rows), ZERO)

    @property
    def forecast(self) -> Decimal:
        return sum((row.forecast for row in self.rows), ZERO)

    @property
    def realised(self) -> Decimal:
        return sum((row.realised for row in self.rows), ZERO)

    @property
    def realised_percent(self) -> int | None:
        return _percent(self.realised, self.target)


@dataclass
class Schedule:
    ranked: ScheduleGroup  # open reviews in priority order, then the open ones not yet assessed
    closed: ScheduleGroup  # completed and stopped reviews, which take no rank
    ranking: Ranking

    @property
    def target(self) -> Decimal:
        return self.ranked.target + self.closed.target

    @property
    def realised(self) -> Decimal:
        return self.ranked.realised + self.closed.realised


def stage_timeline(review: Review) -> list[StageStep]:
    by_stage = {row.stage: row for row in review.stages.all()}
    current = STAGE_ORDER.index(review.stage)
    closed = review.status not in OPEN_STATUSES
    steps = []
    for index, stage in enumerate(STAGE_ORDER):
        row = by_stage.get(stage)
        if index < current or (closed and index == current):
            state = "done"
        elif index == current:
            state = "current"
        else:
            state = "to come"
        steps.append(
            StageStep(
                stage,
                Stage(stage).label,
                row.planned_start if row else None,
                row.planned_end if row else None,
                state,
                row.actual_start if row else None,
                row.actual_end if row else None,
            )
        )
    return steps


#: The schedule's sort orders: (value, label). Priority is the schedule's own order.
SORTS = [
    ("priority", "Priority"),
    ("title", "Review title"),
    ("gate", "Next gate date"),
    ("behind", "Furthest behind plan"),
    ("rag", "RAG (red first)"),
    ("target", "Target savings (largest first)"),
    ("forecast-gap", "Forecast below target (largest first)"),
    ("realised-percent", "Realised percentage (lowest first)"),
    ("lead", "Lead officer"),
]
_RAG_ORDER = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, "": 3}
_LATEST = datetime.date.max


def _sort_key(sort: str):
    keys = {
        "title": lambda row: (row.review.title.lower(), row.review.pk),
        "gate": lambda row: (row.gate_due or _LATEST, row.review.title.lower()),
        "behind": lambda row: (-row.days_behind, row.review.title.lower()),
        "rag": lambda row: (_RAG_ORDER[row.review.rag], row.review.title.lower()),
        "target": lambda row: (-row.target, row.review.title.lower()),
        "forecast-gap": lambda row: (row.forecast - row.target, row.review.title.lower()),
        "realised-percent": lambda row: (
            row.realised_percent is None,
            row.realised_percent or 0,
            row.review.title.lower(),
        ),
        "lead": lambda row: (row.review.lead_officer.last_name.lower(), row.review.lead_officer.first_name.lower()),
    }
    return keys.get(sort)


def _savings_total(amount: str):
    """The sum of one amount over the review's savings lines, in the reviews' own query."""
    total = (
        SavingLine.objects.filter(review=OuterRef("pk"))
        .order_by()
        .values("review")
        .annotate(total=Sum(amount))
        .values("total")
    )
    money = DecimalField(max_digits=14, decimal_places=2)
    return Coalesce(Subquery(total, output_field=money), Value(ZERO), output_field=money)


def schedule_reviews(
    user,
    *,
    portfolio=None,
    stage: str = "",
    rag: str = "",
    status: str = "",
    directorate: str = "",
    owner=None,
):
    """The reviews ``user`` may see, filtered, with what the schedule shows in a fixed number of
    queries: board, lead officer and assessment joined; the savings' totals summed in the same query
    (``savings_claimed``, ``savings_forecast``, ``savings_realised``: at the decade's size, loading
    every line to add them up was most of the page's time); stages, accountable portfolios and the
    open forward plan entries prefetched (the lines' owners are read by ``schedule``). Open before closed; highest
    score first, unassessed after the assessed; ties by title. ``owner`` is a person who leads the
    review or owns one of its savings."""
    reviews = permissions.permitted(user, Review.objects.all(), "commissioning.view_review")
    if portfolio is not None:
        reviews = reviews.filter(pk__in=ReviewPortfolio.objects.filter(portfolio=portfolio).values("review"))
    if stage:
        reviews = reviews.filter(stage=stage)
    if rag:
        reviews = reviews.filter(rag="" if rag == "none" else rag)
    if status:
        reviews = reviews.filter(status=status)
    if directorate:
        reviews = reviews.filter(directorate=directorate)
    if owner is not None:
        reviews = reviews.filter(
            Q(lead_officer=owner) | Q(pk__in=SavingLine.objects.filter(owner=owner).values("review"))
        )
    open_entries = ReviewDecision.objects.filter(
        entry__status__in=(EntryStatus.DRAFT, EntryStatus.PUBLISHED)
    ).select_related("entry__decision_maker")
    return (
        reviews.select_related(
            "programme_board", "priority__assessed_by", "lead_officer__officer", "lead_officer__member"
        )
        .prefetch_related(
            "stages",
            Prefetch("portfolios", queryset=Portfolio.objects.select_related("cabinet_member__user")),
            Prefetch("decision_links", queryset=open_entries, to_attr="open_decisions"),
        )
        .annotate(
            is_open=Q(status__in=OPEN_STATUSES),
            savings_claimed=_savings_total("claimed"),
            savings_forecast=_savings_total("forecast"),
            savings_realised=_savings_total("realised"),
        )
        .order_by(F("is_open").desc(), F("priority__score").desc(nulls_last=True), "title", "pk")
    )


def _savings_owners(reviews: list[Review]) -> dict[int, list]:
    """The people who own each review's savings, by name: one query, one row per (review, owner)
    whatever the number of lines."""
    people = (
        User.objects.filter(owned_savings__review__in=[review.pk for review in reviews])
        .annotate(owned_for=F("owned_savings__review"))
        .order_by("last_name", "first_name", "pk")
        .distinct()
    )
    owners: dict[int, list] = {}
    for person in people:
        owners.setdefault(person.owned_for, []).append(person)
    return owners


def _row(review: Review, ranking: Ranking, today: datetime.date, owners: list) -> ScheduleRow:
    assessment = getattr(review, "priority", None)
    rank = ranking.rank_of(assessment.score) if assessment and review.is_open else None  # type: ignore[attr-defined]
    entries = sorted(
        (link.entry for link in review.open_decisions),  # type: ignore[attr-defined]
        key=lambda entry: (entry.expected_decision_on, entry.pk),
    )
    return ScheduleRow(
        review,
        rank,
        rank is not None and assessment is not None and ranking.is_joint(assessment.score),
        stage_timeline(review),
        list(review.portfolios.all()),
        owners=owners,
        target=review.savings_claimed,  # type: ignore[attr-defined]
        forecast=review.savings_forecast,  # type: ignore[attr-defined]
        realised=review.savings_realised,  # type: ignore[attr-defined]
        next_decision=NextDecision(entries[0], entries[0].expected_decision_on) if entries else None,
        today=today,
    )


def schedule(user, *, sort: str = "", today: datetime.date | None = None, **filters) -> Schedule:
    today = today or timezone.localdate()
    result = Schedule(ScheduleGroup(), ScheduleGroup(), ranking())
    reviews = list(schedule_reviews(user, **filters))
    owners = _savings_owners(reviews)
    for review in reviews:
        row = _row(review, result.ranking, today, owners.get(review.pk, []))
        (result.ranked if review.status in OPEN_STATUSES else result.closed).rows.append(row)
    key = _sort_key(sort)
    if key is not None:
        result.ranked.rows.sort(key=key)
        result.closed.rows.sort(key=key)
    return result


def filter_portfolios():
    """The portfolios the schedule can be filtered by: those accountable for a review."""
    return Portfolio.objects.filter(reviews__isnull=False).distinct().order_by("title")


def filter_directorates() -> list[str]:
    return list(Review.objects.order_by("directorate").values_list("directorate", flat=True).distinct())


def filter_owners():
    """The people the schedule can be filtered by: those who lead a review or own a saving."""
    return (
        User.objects.filter(
            Q(pk__in=Review.objects.values("lead_officer")) | Q(pk__in=SavingLine.objects.values("owner"))
        )
        .select_related("officer")
        .order_by("last_name", "first_name", "pk")
    )
