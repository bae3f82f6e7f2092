"""Outcomes and performance indicators of a review, monitored by an O&S committee."""

from decimal import Decimal

from django.db import models
from django.urls import reverse

from council.history import tracked
from members.models import Body

from .common import Rag
from .reviews import Review


class Polarity(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Indicator(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("name", max_length=200)
    definition = models.TextField("definition", help_text="What is measured and how.")
    unit = models.CharField("unit", max_length=40, help_text="For example %, days, people, £.")
    polarity = models.CharField("polarity", max_length=10, choices=Polarity)
    baseline = models.DecimalField("baseline", max_digits=14, decimal_places=2)
    target = models.DecimalField("target", max_digits=14, decimal_places=2)
    tolerance = models.DecimalField(
        "amber tolerance",
        max_digits=14,
        decimal_places=2,
        default=Decimal("0"),
        help_text="How far short of the target is still amber; further is red. In the indicator's unit.",
    )
    monitored_by = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="monitoring committee",
    )
    history = tracked()

    class Meta:
        ordering = ["review", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(tolerance__gte=0), name="indicator_tolerance_not_negative")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("commissioning:indicator-detail", args=[self.pk])

    def rag_for(self, value: Decimal | None) -> str:
        """Green on or beyond the target, amber within the tolerance short of it, red beyond."""
        if value is None:
            return ""
        shortfall = (self.target - value) if self.polarity == Polarity.HIGHER else (value - self.target)
        if shortfall <= 0:
            return Rag.GREEN
        if shortfall <= self.tolerance:
            return Rag.AMBER
        return Rag.RED


class IndicatorActual(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="actuals")
    period_end = models.DateField("end of period")
    period_label = models.CharField("period", max_length=40, help_text="For example Q2 2026/27 or October 2026.")
    value = models.DecimalField("value", max_digits=14, decimal_places=2)
    note = models.TextField("note", blank=True)
    history = tracked()

    class Meta:
        ordering = ["indicator", "period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_end"],
                name="one_actual_per_period",
                violation_error_message="There is already an actual for this period",
            )
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.period_label})"

    @property
    def rag(self) -> str:
        return self.indicator.rag_for(self.value)
