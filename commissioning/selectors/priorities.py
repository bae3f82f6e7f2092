"""Commissioning queries: priorities, their rank, and the schedule of reviews in priority order.

Rank is dense and council-wide: reviews with equal scores share a rank, the next score takes the
next rank (1, 2, 2, 3), and only open reviews take one. A filter narrows what the schedule lists,
never the ranks it shows.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from council import permissions
from members.models import Portfolio

from ..models import (
    OPEN_STATUSES,
    STAGE_ORDER,
    Criterion,
    CriterionWeight,
    PriorityAssessment,
    Review,
    SavingLine,
    Stage,
)
from ..models.savings import ZERO


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


def _saving_sum(column: str) -> Coalesce:
    """One review's sum of a SavingLine amount, every line counted (as SavingLineQuerySet.totals).

    A subquery rather than a join, so that summing two columns, or joining the portfolios, never
    multiplies the lines."""
    per_review = (
        SavingLine.objects.filter(review=OuterRef("pk"))
        .order_by()
        .values("review")
        .annotate(total=Sum(column))
        .values("total")
    )
    money = DecimalField(max_digits=14, decimal_places=2)
    return Coalesce(Subquery(per_review, output_field=money), Value(ZERO, output_field=money))


@dataclass(frozen=True)
class StageStep:
    stage: str
    label: str
    planned_start: object
    planned_end: object
    state: str  # "done", "current" or "to come"
    actual_start: object = None
    actual_end: object = None


@dataclass
class ScheduleRow:
    review: Review
    rank: int | None
    joint: bool
    stages: list[StageStep]
    portfolios: list[Portfolio]

    @property
    def assessment(self) -> PriorityAssessment | None:
        return getattr(self.review, "priority", None)


@dataclass
class ScheduleGroup:
    rows: list[ScheduleRow] = field(default_factory=list)

    # claimed and realised are annotations that schedule_reviews() adds to each review (so mypy does not know them).
    @property
    def claimed(self) -> Decimal:
        return sum((row.review.claimed for row in self.rows), ZERO)  # type: ignore[attr-defined]

    @property
    def realised(self) -> Decimal:
        return sum((row.review.realised for row in self.rows), ZERO)  # type: ignore[attr-defined]


@dataclass
class Schedule:
    ranked: ScheduleGroup  # open reviews in priority order, then the open ones not yet assessed
    closed: ScheduleGroup  # completed and stopped reviews, which take no rank
    ranking: Ranking

    @property
    def claimed(self) -> Decimal:
        return self.ranked.claimed + self.closed.claimed

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


def schedule_reviews(user, *, portfolio=None, stage: str = "", rag: str = "", status: str = ""):
    """The reviews ``user`` may see, filtered, with what the schedule shows in a fixed number of
    queries: board and assessment joined, stages and accountable portfolios prefetched, savings
    claimed and realised summed per review by subquery. Open before closed; highest score first,
    unassessed after the assessed; ties by title."""
    reviews = permissions.permitted(user, Review.objects.all(), "commissioning.view_review")
    if portfolio is not None:
        reviews = reviews.filter(accountabilities__portfolio=portfolio)
    if stage:
        reviews = reviews.filter(stage=stage)
    if rag:
        reviews = reviews.filter(rag="" if rag == "none" else rag)
    if status:
        reviews = reviews.filter(status=status)
    return (
        reviews.select_related("programme_board", "priority__assessed_by")
        .prefetch_related(
            "stages",
            Prefetch("portfolios", queryset=Portfolio.objects.select_related("cabinet_member__user")),
        )
        .annotate(
            claimed=_saving_sum("claimed"),
            realised=_saving_sum("realised"),
            is_open=Q(status__in=OPEN_STATUSES),
        )
        .order_by(F("is_open").desc(), F("priority__score").desc(nulls_last=True), "title", "pk")
    )


def schedule(user, **filters) -> Schedule:
    result = Schedule(ScheduleGroup(), ScheduleGroup(), ranking())
    for review in schedule_reviews(user, **filters):
        assessment = getattr(review, "priority", None)
        rank = result.ranking.rank_of(assessment.score) if assessment and review.is_open else None
        row = ScheduleRow(
            review,
            rank,
            rank is not None and assessment is not None and result.ranking.is_joint(assessment.score),
            stage_timeline(review),
            list(review.portfolios.all()),
        )
        (result.ranked if review.is_open else result.closed).rows.append(row)
    return result


def filter_portfolios():
    """The portfolios the schedule can be filtered by: those accountable for a review."""
    return Portfolio.objects.filter(reviews__isnull=False).distinct().order_by("title")
