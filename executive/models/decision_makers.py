"""Who takes executive decisions: the Cabinet, a Cabinet Member for their portfolio, or an officer
under delegation (LGA 2000 s.9E), each a body or person already in ``members``."""

from django.db import models
from django.db.models import Q

from council.history import tracked
from members.models import Body, Officer, Portfolio


class DecisionMakerKind(models.TextChoices):
    CABINET = "cabinet", "Cabinet"
    CABINET_MEMBER = "cabinet_member", "Cabinet Member"
    OFFICER = "officer", "Officer under delegation"


class DecisionMakerQuerySet(models.QuerySet):
    def with_names(self):
        return self.select_related("body", "portfolio__cabinet_member__user", "officer__user")

    def active(self):
        return self.filter(retired=False)


class DecisionMaker(models.Model):
    kind = models.CharField("kind", max_length=20, choices=DecisionMakerKind)
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="Cabinet"
    )
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.PROTECT, null=True, blank=True, related_name="decision_makers"
    )
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    delegation = models.TextField(
        "delegated authority",
        blank=True,
        help_text="For an officer: the delegation in the constitution the officer decides under.",
    )
    retired = models.BooleanField("no longer takes decisions", default=False)
    history = tracked()

    objects = DecisionMakerQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="cabinet", body__isnull=False, portfolio__isnull=True, officer__isnull=True)
                    | Q(kind="cabinet_member", body__isnull=True, portfolio__isnull=False, officer__isnull=True)
                    | Q(kind="officer", body__isnull=True, portfolio__isnull=True, officer__isnull=False)
                ),
                name="decision_maker_is_one_body_or_person",
                violation_error_message="A decision maker is the Cabinet, a Cabinet Member's portfolio or an officer",
            ),
        ]

    def __str__(self):
        if self.kind == DecisionMakerKind.CABINET:
            return str(self.body)
        if self.kind == DecisionMakerKind.CABINET_MEMBER:
            return str(self.portfolio)
        return f"{self.officer} (under delegation)"
