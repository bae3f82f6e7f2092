"""Officer decisions: the written record of decisions officers take under delegation (the Openness of
Local Government Bodies Regulations 2014, regs 7-8; docs/decisions/0022-officer-decisions.md).

An executive decision an officer takes is recorded under the 2012 Regulations (reg 13) as an
``ExecutiveDecision`` with an officer decision maker; reg 7(1) leaves those out. This register holds
the rest: decisions under an express authorisation, and decisions under a general delegation whose
effect is one of reg 7(2)(b)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from council.history import tracked
from members.models import Officer
from scrutiny.models import ExemptParagraph

#: Reg 8: the record, with its background papers, is available to the public for six years.
YEARS_AVAILABLE = 6


class OfficerDecisionGround(models.TextChoices):
    """Why the 2014 Regulations require a record (reg 7(2))."""

    EXPRESS_AUTHORISATION = (
        "express_authorisation",
        "Under an express authorisation of the council, a committee or the executive",
    )
    PERMISSION_OR_LICENCE = "permission_or_licence", "Grants a permission or licence"
    RIGHTS = "rights", "Affects the rights of an individual"
    CONTRACT = "contract", "Awards a contract that materially affects the council's financial position"
    EXPENDITURE = "expenditure", "Incurs expenditure that materially affects the council's financial position"


class OfficerDecisionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_on__isnull=False)

    def public(self):
        """What the public reads: published records (reg 8)."""
        return self.published()

    def unpublished(self):
        return self.filter(published_on__isnull=True)

    def for_list(self):
        return self.select_related("officer__user")

    def taken_by(self, user):
        return self.filter(officer__user=user)


class OfficerDecision(models.Model):
    """The written record of one officer decision (reg 7(3)), and once published, its public record."""

    officer = models.ForeignKey(
        Officer, on_delete=models.PROTECT, related_name="officer_decisions", verbose_name="officer who took it"
    )
    title = models.CharField("matter", max_length=250)
    ground = models.CharField("why it is recorded", max_length=30, choices=OfficerDecisionGround)
    authority = models.TextField(
        "authority relied on", help_text="The delegation in the constitution, or the express authorisation."
    )
    decided_on = models.DateField("decided on")
    decision = models.TextField("the decision")
    reasons = models.TextField("reasons for the decision")
    alternatives_rejected = models.TextField("alternative options considered and rejected", blank=True)
    conflicts_declared = models.TextField(
        "members who declared a conflict of interest",
        blank=True,
        help_text="Under an express authorisation: the name of each member who declared a conflict of interest.",
    )
    dispensations = models.TextField("dispensations granted", blank=True)
    background_papers = models.TextField("background papers", blank=True)
    # Schedule 12A: the exempt part of the record is withheld from the public, as for an agenda item.
    exempt_paragraph = models.PositiveSmallIntegerField(
        "Schedule 12A paragraph", choices=ExemptParagraph, null=True, blank=True
    )
    exempt_part = models.TextField("exempt part of the record", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField("recorded at", default=timezone.now, editable=False)
    published_on = models.DateField("published on", null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    history = tracked()

    objects = OfficerDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = "officer decision"
        permissions = [
            ("record_any_officerdecision", "Can record an officer decision on behalf of any officer"),
            ("publish_officerdecision", "Can publish an officer decision"),
        ]
        indexes = [models.Index(fields=["-decided_on", "-id"], name="officer_decision_newest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(exempt_part="") | Q(exempt_paragraph__isnull=False),
                name="exempt_officer_decision_part_has_paragraph",
                violation_error_message="An exempt part needs its Schedule 12A paragraph",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__gte=models.F("decided_on")),
                name="officer_decision_published_after_taken",
                violation_error_message="A decision is published on or after the day it is taken",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("executive:officer-decision-detail", args=[self.pk])

    @property
    def available_until(self) -> datetime.date | None:
        """Reg 8: the last day the record must stay available to the public (six years)."""
        if self.published_on is None:
            return None
        day = self.published_on
        try:
            return day.replace(year=day.year + YEARS_AVAILABLE)
        except ValueError:  # 29 February
            return day.replace(year=day.year + YEARS_AVAILABLE, day=28)
