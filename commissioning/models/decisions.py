"""The thread from a commissioning review to the executive's decisions: the forward plan entries
drafted from a review (and through them their decisions). Held here, not in ``executive``: the
executive must not know commissioning (docs/decisions/0023-review-decisions.md)."""

from django.conf import settings
from django.db import models

from council.history import tracked
from executive.models import ForwardPlanEntry

from .reviews import Review


class ReviewDecisionQuerySet(models.QuerySet):
    def for_review(self, review: Review):
        return self.filter(review=review)


class ReviewDecision(models.Model):
    """A forward plan entry that comes from a review: its decisions are the review's decisions."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="decision_links")
    entry = models.ForeignKey(
        ForwardPlanEntry, on_delete=models.PROTECT, related_name="review_links", verbose_name="forward plan entry"
    )
    stage = models.CharField("drafted at stage", max_length=10, blank=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField("linked", auto_now_add=True)
    history = tracked()

    objects = ReviewDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["review", "linked_at", "pk"]
        verbose_name = "review's forward plan entry"
        constraints = [models.UniqueConstraint(fields=["review", "entry"], name="entry_once_per_review")]

    def __str__(self):
        return f"{self.entry} (from {self.review})"
