"""Call-in of executive decisions (LGA 2000 s.9F(4) and the council's constitution): members of
overview and scrutiny put their names to a request with reasons; once enough have (or an O&S chair
alone), the call-in is valid, goes on an O&S committee's agenda, and its outcome decides when the
decision takes effect (docs/decisions/0020-call-in.md)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from council.history import tracked

from .decisions import ExecutiveDecision


class CallInOutcome(models.TextChoices):
    """What the overview and scrutiny committee resolved."""

    NO_FURTHER_ACTION = "no_further_action", "No further action"
    REFERRED_BACK = "referred_back", "Referred back to the decision maker for reconsideration"
    REFERRED_TO_COUNCIL = "referred_to_council", "Referred to full Council"


#: What a member calling in may ask the committee to do.
SOUGHT_OUTCOMES = [
    (CallInOutcome.REFERRED_BACK.value, CallInOutcome.REFERRED_BACK.label),
    (CallInOutcome.REFERRED_TO_COUNCIL.value, CallInOutcome.REFERRED_TO_COUNCIL.label),
]


class CallInResponse(models.TextChoices):
    """The decision maker's (or Council's) response to a referral."""

    CONFIRMED = "confirmed", "Decision confirmed"
    AMENDED = "amended", "Decision amended"


class CallInQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(valid_on__isnull=False)

    def open(self):
        """Valid and not yet resolved: the decision is not effective."""
        return self.valid().filter(effective_on__isnull=True)

    def awaiting_placement(self):
        return self.valid().filter(item__isnull=True)

    def awaiting_outcome(self):
        return self.valid().filter(item__isnull=False, outcome="")

    def for_panel(self):
        return self.select_related("decision", "item__meeting__body").order_by("valid_on", "pk")


class CallIn(models.Model):
    """One decision's call-in: the names put to it, and once valid, its meeting and outcome."""

    decision = models.OneToOneField(ExecutiveDecision, on_delete=models.PROTECT, related_name="call_in")
    opened_on = models.DateField("first name put to it on")
    valid_on = models.DateField("valid on", null=True, blank=True)
    item = models.ForeignKey(
        "scrutiny.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="agenda item",
    )
    consider_by = models.DateField("to be considered by", null=True, blank=True)
    outcome = models.CharField("outcome", max_length=30, choices=CallInOutcome, blank=True)
    outcome_on = models.DateField("outcome recorded for", null=True, blank=True)
    concerns = models.TextField("the committee's concerns", blank=True)
    response = models.CharField("response to the referral", max_length=20, choices=CallInResponse, blank=True)
    response_on = models.DateField("response on", null=True, blank=True)
    response_notes = models.TextField("the response", blank=True)
    effective_on = models.DateField("decision effective from", null=True, blank=True)
    history = tracked()

    objects = CallInQuerySet.as_manager()

    class Meta:
        verbose_name = "call-in"
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome_on__isnull=False, item__isnull=False),
                name="call_in_outcome_after_placing",
                violation_error_message="An outcome needs the meeting it was considered at, and its date",
            ),
            models.CheckConstraint(
                condition=Q(response="") | Q(response_on__isnull=False) & ~Q(outcome="no_further_action"),
                name="call_in_response_to_a_referral",
                violation_error_message="A response is recorded only to a referral, with its date",
            ),
        ]

    def __str__(self):
        return f"Call-in of {self.decision}"

    def get_absolute_url(self):
        return self.decision.get_absolute_url()

    def is_valid_on(self, on: datetime.date) -> bool:
        return self.valid_on is not None and self.valid_on <= on

    def is_effective_on(self, on: datetime.date) -> bool:
        return self.effective_on is not None and self.effective_on <= on

    @property
    def is_referral(self) -> bool:
        return self.outcome in (CallInOutcome.REFERRED_BACK, CallInOutcome.REFERRED_TO_COUNCIL)

    @property
    def responder(self) -> str:
        return "full Council" if self.outcome == CallInOutcome.REFERRED_TO_COUNCIL else "the decision maker"


class CallInSignature(models.Model):
    """A member's name on a call-in, with their reasons (the members' own text: never the exempt
    part of the decision) and the outcome they seek."""

    call_in = models.ForeignKey(CallIn, on_delete=models.PROTECT, related_name="signatures")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField("reasons")
    supports_reasons_given = models.BooleanField("supports the reasons given", default=False)
    outcome_sought = models.CharField("outcome sought", max_length=30, choices=SOUGHT_OUTCOMES, blank=True)
    as_chair = models.BooleanField("chair of an overview and scrutiny committee that day", default=False)
    signed_on = models.DateField("added on")
    signed_at = models.DateTimeField("added at")
    history = tracked()

    class Meta:
        ordering = ["signed_at", "pk"]
        verbose_name = "name on a call-in"
        constraints = [
            models.UniqueConstraint(
                fields=["call_in", "member"],
                name="one_name_per_member_per_call_in",
                violation_error_message="This member has already put their name to this call-in",
            ),
        ]

    def __str__(self):
        return f"{self.member} – {self.call_in}"
