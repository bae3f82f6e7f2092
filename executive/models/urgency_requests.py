"""Urgency agreements asked of the chair of overview and scrutiny online: the special urgency of a
key decision (the 2012 Regulations reg 11) and the urgent route for a Cabinet item taken in private
(reg 5(6)). Democratic Services ask a named person who may agree; that person answers, agreeing or
refusing with their reasons, on a day the system records."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from council.history import tracked
from scrutiny.models import AgendaItem

from .decision_makers import DecisionMaker
from .decisions import ExecutiveDecision


class UrgencyPurpose(models.TextChoices):
    SPECIAL_URGENCY = "special_urgency", "A key decision under special urgency (regulation 11)"
    PRIVATE_MEETING = "private_meeting", "Cabinet business in private under the urgent route (regulation 5(6))"


class UrgencyAnswer(models.TextChoices):
    PENDING = "pending", "Waiting for an answer"
    AGREED = "agreed", "Agreed"
    REFUSED = "refused", "Refused"


class UrgencyRequestQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related(
            "asked_of",
            "asked_by",
            "decision_maker__body",
            "decision_maker__portfolio",
            "decision_maker__officer__user",
            "item__meeting__body",
            "decision",
        )

    def pending(self):
        return self.filter(answer=UrgencyAnswer.PENDING)

    def answered(self):
        return self.exclude(answer=UrgencyAnswer.PENDING)

    def agreed_unused(self):
        """Agreed, and not yet relied on by a decision (a private meeting's is used by its item's notice)."""
        return self.filter(answer=UrgencyAnswer.AGREED, decision__isnull=True)


class UrgencyRequest(models.Model):
    """An agreement that a matter is urgent and cannot reasonably be deferred, asked of ``asked_of``.
    ``matter`` is what the public notice would say: never the exempt item's title."""

    purpose = models.CharField("asked for", max_length=20, choices=UrgencyPurpose)
    matter = models.CharField("the matter", max_length=250)
    decision_maker = models.ForeignKey(
        DecisionMaker, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="decision maker"
    )
    intended_on = models.DateField("intended decision date", null=True, blank=True)
    item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="agenda item"
    )
    reasons = models.TextField("why it cannot reasonably be deferred")
    asked_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="asked of"
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="asked by", editable=False
    )
    asked_on = models.DateField("asked on", editable=False)
    answer = models.CharField(max_length=10, choices=UrgencyAnswer, default=UrgencyAnswer.PENDING, editable=False)
    answer_reasons = models.TextField("their reasons", blank=True, editable=False)
    answered_on = models.DateField("answered on", null=True, blank=True, editable=False)
    # The decision recorded under special urgency on this agreement (once: reg 11 is for one decision).
    decision = models.OneToOneField(
        ExecutiveDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="urgency_request",
        editable=False,
    )
    history = tracked()

    objects = UrgencyRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_on", "-pk"]
        verbose_name = "urgency request"
        constraints = [
            models.CheckConstraint(
                condition=~Q(purpose="special_urgency")
                | Q(decision_maker__isnull=False, intended_on__isnull=False, item__isnull=True),
                name="urgency_request_decision_has_maker_and_date",
                violation_error_message="A special urgency request names the decision maker and the date",
            ),
            models.CheckConstraint(
                condition=~Q(purpose="private_meeting") | Q(item__isnull=False, decision__isnull=True),
                name="urgency_request_private_has_item",
                violation_error_message="A private meeting request names the agenda item",
            ),
            models.CheckConstraint(
                condition=Q(answer="pending", answered_on__isnull=True)
                | (~Q(answer="pending") & Q(answered_on__isnull=False) & ~Q(answer_reasons="")),
                name="urgency_request_answered_with_day_and_reasons",
                violation_error_message="An answer has its day and reasons",
            ),
            models.CheckConstraint(
                condition=Q(decision__isnull=True) | Q(answer="agreed"),
                name="urgency_request_used_only_when_agreed",
                violation_error_message="Only an agreed request is relied on",
            ),
        ]

    def __str__(self):
        return f"Urgency asked of {self.asked_of.get_full_name()}: {self.matter}"

    def get_absolute_url(self):
        return reverse("executive:urgency-request-detail", args=[self.pk])

    @property
    def is_pending(self) -> bool:
        return self.answer == UrgencyAnswer.PENDING

    @property
    def is_agreed(self) -> bool:
        return self.answer == UrgencyAnswer.AGREED
