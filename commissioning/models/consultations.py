"""Members' consultations at a review's Analyse and Plan stages.

The link is held here, on the commissioning side, so that ``members`` (where consultations live)
never needs to know about reviews (layers: council ← members ← scrutiny ← commissioning).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from council.history import tracked
from members.models import Consultation

from .reviews import Review


class StageConsultation(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="stage_consultations")
    stage = models.CharField("stage", max_length=10, choices=[("analyse", "Analyse"), ("plan", "Plan")])
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="+")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    linked_at = models.DateTimeField("linked", auto_now_add=True)
    history = tracked()

    class Meta:
        ordering = ["review", "stage", "linked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "stage", "consultation"],
                name="consultation_linked_once_per_stage",
                violation_error_message="This consultation is already linked to that stage",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=["analyse", "plan"]),
                name="consultation_at_analyse_or_plan",
                violation_error_message="Members are consulted at the Analyse and Plan stages",
            ),
        ]

    def __str__(self):
        return f"{self.consultation} ({self.get_stage_display()} stage of {self.review})"
