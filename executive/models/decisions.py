"""Executive decisions and their notices (the 2012 Regulations regs 10-13; LGA 2000 s.9F)."""

import datetime

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from council.history import tracked
from members.models import Portfolio
from scrutiny.models import AgendaItem, ExemptParagraph

from .decision_makers import DecisionMaker
from .forward_plan import ForwardPlanEntry


class DecisionRoute(models.TextChoices):
    """How the notice rules were met for a key decision (regs 9, 10 and 11)."""

    NORMAL = "normal", "Forward plan (28 clear days' notice)"
    GENERAL_EXCEPTION = "general_exception", "General exception"
    SPECIAL_URGENCY = "special_urgency", "Special urgency"


class CallInStatus(models.TextChoices):
    NOT_PUBLISHED = "not_published", "Notice not yet published"
    SUBJECT_TO_CALL_IN = "subject_to_call_in", "Subject to call-in"
    EFFECTIVE = "effective", "Effective"
    EXEMPT = "exempt", "Not subject to call-in"
    # A valid call-in (executive/models/call_in.py): not effective until its outcome allows.
    CALLED_IN = "called_in", "Called in"
    REFERRED_BACK = "referred_back", "Called in: referred back to the decision maker"
    REFERRED_TO_COUNCIL = "referred_to_council", "Called in: referred to full Council"


class ExecutiveDecisionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(notice_published_on__isnull=False)

    def public(self):
        """What the public reads: decisions whose notice is published (reg 13)."""
        return self.published()

    def for_list(self):
        return self.select_related(
            "call_in",
            "decision_maker__body",
            "decision_maker__portfolio__cabinet_member__user",
            "decision_maker__officer__user",
            "portfolio",
            "entry",
        )

    def subject_to_call_in(self, on: datetime.date):
        return self.published().filter(call_in_ends_on__gte=on).exclude(call_in__valid_on__lte=on)

    def called_in(self, on: datetime.date):
        """Called in (valid on ``on``) and not yet effective after its outcome."""
        return self.published().filter(call_in__valid_on__lte=on).exclude(call_in__effective_on__lte=on)

    def effective(self, on: datetime.date):
        not_called_in = (Q(call_in_ends_on__lt=on) | Q(call_in_ends_on__isnull=True)) & ~Q(call_in__valid_on__lte=on)
        return self.published().filter(not_called_in | Q(call_in__effective_on__lte=on))

    def special_urgency(self):
        return self.filter(route=DecisionRoute.SPECIAL_URGENCY)


class ExecutiveDecision(models.Model):
    """The record of an executive decision (regs 12-13), and once published, its notice."""

    entry = models.ForeignKey(
        ForwardPlanEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name="forward plan entry",
    )
    decision_maker = models.ForeignKey(DecisionMaker, on_delete=models.PROTECT, related_name="decisions")
    # A decision taken at a Cabinet meeting, on one item of its agenda (the meeting's decisions page).
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="executive_decisions"
    )
    portfolio = models.ForeignKey(Portfolio, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    title = models.CharField("matter", max_length=250)
    decided_on = models.DateField("decided on")
    decision = models.TextField("the decision")
    reasons = models.TextField("reasons for the decision")
    alternatives_rejected = models.TextField("alternatives considered and rejected", blank=True)
    interests_declared = models.TextField("interests declared", blank=True)
    dispensations = models.TextField("dispensations granted", blank=True)
    is_key = models.BooleanField("key decision", default=False)
    route = models.CharField("notice route", max_length=20, choices=DecisionRoute, default=DecisionRoute.NORMAL)
    # Reg 10: the general exception notice, and the O&S chair informed in writing.
    general_exception_notice_on = models.DateField("general exception notice published on", null=True, blank=True)
    scrutiny_chair_informed_on = models.DateField("O&S chair informed on", null=True, blank=True)
    scrutiny_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="O&S chair informed",
    )
    # Reg 11: who agreed the decision is urgent and cannot reasonably be deferred, when and why.
    urgency_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="agreed urgent by",
    )
    urgency_agreed_on = models.DateField("agreed urgent on", null=True, blank=True)
    urgency_reasons = models.TextField("why it is urgent and cannot reasonably be deferred", blank=True)
    call_in_exempt_reason = models.TextField(
        "why it is not subject to call-in",
        blank=True,
        help_text="Only for an urgent decision the constitution exempts.",
    )
    # Reg 20 and Schedule 12A: the exempt part of the record is withheld from the public.
    exempt_paragraph = models.PositiveSmallIntegerField(
        "Schedule 12A paragraph", choices=ExemptParagraph, null=True, blank=True
    )
    exempt_part = models.TextField("exempt part of the record", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField("recorded at", default=timezone.now, editable=False)
    notice_published_on = models.DateField("notice published on", null=True, blank=True, editable=False)
    call_in_ends_on = models.DateField("call-in period ends on", null=True, blank=True, editable=False)
    history = tracked()

    objects = ExecutiveDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = "executive decision"
        permissions = [
            ("publish_executivedecision", "Can publish a decision notice"),
            ("view_exempt_part", "Can read the exempt part of a decision"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(exempt_part="") | Q(exempt_paragraph__isnull=False),
                name="exempt_decision_part_has_paragraph",
                violation_error_message="An exempt part needs its Schedule 12A paragraph",
            ),
            models.CheckConstraint(
                condition=~Q(route="special_urgency")
                | (Q(urgency_agreed_by__isnull=False, urgency_agreed_on__isnull=False) & ~Q(urgency_reasons="")),
                name="special_urgency_is_agreed_with_reasons",
                violation_error_message="Special urgency needs who agreed, when and why",
            ),
            models.CheckConstraint(
                condition=~Q(route="general_exception")
                | Q(general_exception_notice_on__isnull=False, scrutiny_chair_informed_on__isnull=False),
                name="general_exception_has_notice_and_chair_informed",
                violation_error_message="The general exception needs its notice and the O&S chair informed",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("executive:decision-detail", args=[self.pk])

    @property
    def call_in_or_none(self):
        """The decision's call-in, if any name has been put to one (no query after ``for_list``)."""
        try:
            return self.call_in
        except ObjectDoesNotExist:
            return None

    def _valid_call_in(self, on: datetime.date):
        call_in = self.call_in_or_none
        return call_in if call_in is not None and call_in.is_valid_on(on) else None

    def call_in_status(self, on: datetime.date | None = None) -> CallInStatus:
        on = on or timezone.localdate()
        if self.notice_published_on is None:
            return CallInStatus.NOT_PUBLISHED
        if self.call_in_ends_on is None:
            return CallInStatus.EXEMPT
        if (call_in := self._valid_call_in(on)) is not None:
            if call_in.is_effective_on(on):
                return CallInStatus.EFFECTIVE
            if call_in.outcome_on is None or call_in.outcome_on > on:
                return CallInStatus.CALLED_IN
            return CallInStatus(call_in.outcome)  # referred back or to Council, awaiting the response
        return CallInStatus.SUBJECT_TO_CALL_IN if on <= self.call_in_ends_on else CallInStatus.EFFECTIVE

    @property
    def effective_from(self) -> datetime.date | None:
        """The day the decision may be implemented: after the call-in period, or once a valid
        call-in's outcome allows it (None while it does not yet)."""
        if self.call_in_ends_on is None:
            return self.notice_published_on
        call_in = self.call_in_or_none
        if call_in is not None and call_in.valid_on is not None:
            return call_in.effective_on
        return self.call_in_ends_on + datetime.timedelta(days=1)

    def call_in_wording(self, on: datetime.date | None = None) -> str:
        from django.utils.dateformat import format as date_format

        status = self.call_in_status(on)
        if status == CallInStatus.SUBJECT_TO_CALL_IN:
            return f"Subject to call-in until {date_format(self.call_in_ends_on, 'j F Y')}"
        if status in (CallInStatus.EFFECTIVE, CallInStatus.EXEMPT):
            return f"Effective from {date_format(self.effective_from, 'j F Y')}"
        if status == CallInStatus.CALLED_IN:
            return f"Called in on {date_format(self.call_in.valid_on, 'j F Y')}: not effective until it is considered"
        return str(status.label)
