"""Priority assessment: each review scored against council-wide weighted criteria, with rationale."""

import datetime
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from council.history import tracked

from .reviews import OPEN_STATUSES, Review

#: Each criterion is scored from 0 (no case) to this (the strongest case).
MAX_SCORE = 5
#: A criterion's weight is a whole number from 0 to this.
MAX_WEIGHT = 100
_HUNDREDTH = Decimal("0.01")


def weighted_score(scores: Mapping[str, int], weights: Mapping[str, int]) -> Decimal:
    """The priority score out of 100: sum(weight x score) / sum(weight x MAX_SCORE) x 100,
    exact to the hundredth, rounded half up (0.625 is 0.63). A criterion with no score counts 0.

    Raises ValueError when every weight is zero (nothing would count).
    """
    most = sum(weights.values()) * MAX_SCORE
    if most == 0:
        raise ValueError("At least one criterion must have a weight")
    earned = sum(weight * scores.get(criterion, 0) for criterion, weight in weights.items())
    return (Decimal(earned) * 100 / Decimal(most)).quantize(_HUNDREDTH, rounding=ROUND_HALF_UP)


class Criterion(models.TextChoices):
    NEED = "need", "Need"
    SAVINGS = "savings", "Savings potential"
    PERFORMANCE = "performance", "Current performance"
    RISK = "risk", "Risk"
    STATUTORY = "statutory", "Statutory duty"
    FEEDBACK = "feedback", "Member and community feedback"


class CriterionWeight(models.Model):
    """The council-wide weight of one criterion (a setting, with history)."""

    criterion = models.CharField("criterion", max_length=20, choices=Criterion, unique=True)
    weight = models.PositiveSmallIntegerField(
        "weight", validators=[MaxValueValidator(MAX_WEIGHT)], help_text="How much the criterion counts, from 0 to 100."
    )
    guidance = models.TextField("what a high score means", blank=True)
    history = tracked()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.get_criterion_display()} (weight {self.weight})"

    def get_absolute_url(self):
        return reverse("commissioning:weights")


class PriorityAssessmentQuerySet(models.QuerySet):
    def ranked(self):
        """Assessments that take a rank: those of open reviews (completed or stopped ones do not)."""
        return self.filter(review__status__in=OPEN_STATUSES)


class PriorityAssessment(models.Model):
    """A review's priority: one score per criterion, each with its rationale; the weighted total."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="priority")
    summary = models.TextField("rationale for the priority", help_text="In a sentence or two, why it ranks here.")
    score = models.DecimalField(
        "priority score", max_digits=5, decimal_places=2, default=0, help_text="Weighted, out of 100."
    )
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField("assessed on", default=datetime.date.today)
    history = tracked()

    objects = PriorityAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "review__title"]

    def __str__(self):
        return f"Priority of {self.review}"

    def get_absolute_url(self):
        return reverse("commissioning:review-priority", args=[self.review_id])


class CriterionScore(models.Model):
    assessment = models.ForeignKey(PriorityAssessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField("criterion", max_length=20, choices=Criterion)
    score = models.PositiveSmallIntegerField("score", validators=[MinValueValidator(0), MaxValueValidator(MAX_SCORE)])
    rationale = models.TextField("rationale")
    history = tracked()

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=models.Q(score__lte=MAX_SCORE), name="criterion_score_at_most_max"),
        ]

    def __str__(self):
        return f"{self.get_criterion_display()}: {self.score}"

    def get_absolute_url(self):
        return reverse("commissioning:review-priority", args=[self.assessment.review_id])
