"""General exception notices (the 2012 Regulations reg 10): where the 28 clear days' notice of a
key decision is impracticable, the O&S chair is informed in writing and a notice is published; the
decision may be taken 5 clear working days later."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from council.errors import RuleError
from council.history import tracked

from .forward_plan import ForwardPlanEntry


class GeneralExceptionNoticeQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("entry__decision_maker__body", "scrutiny_chair", "entry__portfolio")


class GeneralExceptionNotice(models.Model):
    """The notice of a key decision not in the forward plan 28 clear days before: what it said is
    fixed when it is published (``contents``), as a forward plan edition is."""

    entry = models.OneToOneField(
        ForwardPlanEntry,
        on_delete=models.PROTECT,
        related_name="general_exception_notice",
        verbose_name="forward plan entry",
    )
    reasons = models.TextField("why 28 clear days' notice is impracticable")
    scrutiny_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="O&S chair informed"
    )
    chair_informed_on = models.DateField("O&S chair informed on")
    published_on = models.DateField("published on")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="published by"
    )
    contents = models.JSONField("what was published")
    history = tracked()

    objects = GeneralExceptionNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = "general exception notice"

    def __str__(self):
        return f"General exception notice: {self.entry}"

    def save(self, *args, **kwargs):
        # The notice is the council's evidence under reg 10: written once.
        if not self._state.adding:
            raise RuleError("A general exception notice cannot be changed")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("executive:general-exception-detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise RuleError("A general exception notice cannot be deleted")

    @property
    def earliest_decision_on(self) -> datetime.date:
        """The first day the decision may be taken, as the notice said (reg 10(2)(c))."""
        return datetime.date.fromisoformat(self.contents["earliest_decision_on"])

    @property
    def expected_decision_on(self) -> datetime.date:
        return datetime.date.fromisoformat(self.contents["expected_decision_on"])
