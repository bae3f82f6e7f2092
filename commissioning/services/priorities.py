"""Priority assessment: scoring a review against the council-wide weighted criteria, and setting
the weights. Each change is one transaction with its reason in history; changing the weights
re-scores every assessment in the same transaction, so scores and weights never disagree.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from council.errors import RuleError
from council.history import saved_by

from ..models import MAX_SCORE, Criterion, CriterionScore, CriterionWeight, PriorityAssessment, Review
from ..models.priorities import MAX_WEIGHT, weighted_score

ALL_ZERO = "Give at least one criterion a weight above 0: with every weight at 0 no review can be ranked"


def _label(criterion: str) -> str:
    return Criterion(criterion).label.lower()


def _check_scores(scores: Mapping[str, int | None], rationales: Mapping[str, str]) -> dict[str, tuple[int, str]]:
    checked = {}
    for criterion in Criterion.values:
        score = scores.get(criterion)
        if score is None:
            raise RuleError(f"Select a score for {_label(criterion)}", field=f"{criterion}_score")
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= MAX_SCORE:
            raise RuleError(
                f"The score for {_label(criterion)} must be a whole number from 0 to {MAX_SCORE}",
                field=f"{criterion}_score",
            )
        rationale = (rationales.get(criterion) or "").strip()
        if not rationale:
            raise RuleError(f"Enter the rationale for the {_label(criterion)} score", field=f"{criterion}_rationale")
        checked[criterion] = (score, rationale)
    return checked


def _locked_weights() -> dict[str, int]:
    """The weights, locked until the transaction ends: a score is never computed from weights that
    a concurrent change is replacing (that change waits, then re-scores this assessment too)."""
    return dict(CriterionWeight.objects.select_for_update().order_by("pk").values_list("criterion", "weight"))


def _score(scores: Mapping[str, int], weights: Mapping[str, int]):
    try:
        return weighted_score(scores, weights)
    except ValueError:
        raise RuleError(
            "Every criterion has a weight of 0, so no review can be scored. Ask an Administrator to set the weights"
        ) from None


@transaction.atomic
def priority_assess(
    *,
    review: Review,
    scores: Mapping[str, int | None],
    rationales: Mapping[str, str],
    summary: str,
    by,
    reason: str = "",
) -> PriorityAssessment:
    """Score ``review`` on every criterion (0 to MAX_SCORE, each with its rationale) and say why it
    ranks where it does. The first assessment is recorded as "Priority assessed"; re-scoring needs
    a reason, which each changed row's history keeps. The person re-scoring becomes the assessor."""
    # One assessment at a time per review: two people scoring at once must not both create one.
    review = Review.objects.select_for_update().get(pk=review.pk)
    checked = _check_scores(scores, rationales)
    summary = summary.strip()
    if not summary:
        raise RuleError("Enter why the review ranks here", field="summary")
    total = _score({criterion: score for criterion, (score, _) in checked.items()}, _locked_weights())
    today = timezone.localdate()
    assessment = PriorityAssessment.objects.filter(review=review).first()

    if assessment is None:
        why = "Priority assessed"
        assessment = saved_by(
            PriorityAssessment(review=review, summary=summary, score=total, assessed_by=by, assessed_on=today),
            by,
            why,
        )
        existing = {}
    else:
        why = reason.strip()
        if not why:
            raise RuleError("Enter the reason for re-scoring the priority", field="reason")
        assessment.summary, assessment.score = summary, total
        assessment.assessed_by, assessment.assessed_on = by, today
        saved_by(assessment, by, why)
        existing = {row.criterion: row for row in assessment.scores.all()}

    for criterion, (score, rationale) in checked.items():
        row = existing.get(criterion) or CriterionScore(assessment=assessment, criterion=criterion)
        if row.pk is None or (row.score, row.rationale) != (score, rationale):
            row.score, row.rationale = score, rationale
            saved_by(row, by, why)
    return assessment


def _check_weights(weights: Mapping[str, int | None]) -> dict[str, int]:
    checked = {}
    for criterion in Criterion.values:
        weight = weights.get(criterion)
        if weight is None:
            raise RuleError(f"Enter the weight of {_label(criterion)}", field=f"{criterion}_weight")
        if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= MAX_WEIGHT:
            raise RuleError(
                f"The weight of {_label(criterion)} must be a whole number from 0 to {MAX_WEIGHT}",
                field=f"{criterion}_weight",
            )
        checked[criterion] = weight
    if not any(checked.values()):
        raise RuleError(ALL_ZERO)
    return checked


@dataclass(frozen=True)
class WeightsChange:
    changed: int  # criteria whose weight or guidance changed
    rescored: int  # assessments whose score changed with the weights


@transaction.atomic
def weights_set(*, weights: Mapping[str, int | None], guidance: Mapping[str, str], reason: str, by) -> WeightsChange:
    """Set the council-wide weights (0 to MAX_WEIGHT, not all 0) and what a high score means.

    If a weight changed, every priority assessment is re-scored with the new weights in the same
    transaction, its history naming the reason.
    """
    checked = _check_weights(weights)
    reason = reason.strip()
    if not reason:
        raise RuleError("Enter the reason for changing the weights", field="reason")
    rows = {row.criterion: row for row in CriterionWeight.objects.select_for_update().order_by("pk")}
    changed, weight_changed = 0, False
    for criterion, weight in checked.items():
        text = (guidance.get(criterion) or "").strip()
        row = rows.get(criterion) or CriterionWeight(criterion=criterion, weight=weight, guidance=text)
        if row.pk is not None and (row.weight, row.guidance) == (weight, text):
            continue
        weight_changed |= row.pk is None or row.weight != weight
        row.weight, row.guidance = weight, text
        saved_by(row, by, reason)
        changed += 1
    if not weight_changed:
        return WeightsChange(changed, 0)
    return WeightsChange(
        changed, _rescore_all(checked, by=by, reason=f"Re-scored with new criterion weights: {reason}")
    )


def _rescore_all(weights: Mapping[str, int], *, by, reason: str) -> int:
    changed = 0
    assessments = PriorityAssessment.objects.select_for_update().order_by("pk").prefetch_related("scores")
    for assessment in assessments:
        score = weighted_score({row.criterion: row.score for row in assessment.scores.all()}, weights)
        if score != assessment.score:
            assessment.score = score
            saved_by(assessment, by, reason)
            changed += 1
    return changed
