"""Members' register of interests (Localism Act 2011 ss.29-34): the interests a member notifies,
the Monitoring Officer's review of them (sensitive interests, s.32), dispensations (s.33), and
gifts and hospitality above the council's threshold.

A register belongs to a person, not only to a councillor: a co-opted member with a vote keeps one
too. What the public may read of it is decided in the selectors (never the details of a sensitive
interest, never a spouse's or partner's name)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from council.history import tracked

from .organisation import Body, Ward

#: A member notifies an interest within 28 days of becoming aware of it (s.30(1), s.31(1)…).
NOTIFY_WITHIN_DAYS = 28


class InterestKind(models.TextChoices):
    DISCLOSABLE_PECUNIARY = "dpi", "Disclosable pecuniary interest"
    OTHER_REGISTRABLE = "other_registrable", "Other registrable interest"
    NON_REGISTRABLE = "non_registrable", "Non-registrable interest"


class InterestCategory(models.TextChoices):
    """The statutory categories of disclosable pecuniary interest (The Relevant Authorities
    (Disclosable Pecuniary Interests) Regulations 2012, Schedule), and the other registrable
    interests of the council's code of conduct (as the LGA model code sets them)."""

    EMPLOYMENT = "employment", "Employment, office, trade, profession or vocation"
    SPONSORSHIP = "sponsorship", "Sponsorship"
    CONTRACTS = "contracts", "Contracts with the council"
    LAND = "land", "Land in the council's area"
    LICENCES = "licences", "Licence to occupy land"
    CORPORATE_TENANCIES = "corporate_tenancies", "Corporate tenancies"
    SECURITIES = "securities", "Securities"
    UNPAID_DIRECTORSHIP = "unpaid_directorship", "Unpaid directorship"
    APPOINTED_BODY = "appointed_body", "Body to which the council appointed or nominated you"
    PUBLIC_OR_CHARITABLE_BODY = (
        "public_or_charitable_body",
        "Body of a public nature, charity, trade union or political party",
    )
    OTHER = "other", "Other interest"


#: The categories a disclosable pecuniary interest may be in; the rest are the code's.
DPI_CATEGORIES = (
    InterestCategory.EMPLOYMENT,
    InterestCategory.SPONSORSHIP,
    InterestCategory.CONTRACTS,
    InterestCategory.LAND,
    InterestCategory.LICENCES,
    InterestCategory.CORPORATE_TENANCIES,
    InterestCategory.SECURITIES,
)


class InterestHolder(models.TextChoices):
    MEMBER = "member", "The member"
    PARTNER = "partner", "Their spouse or civil partner, or a person they live with as such"


class InterestQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))

    def registrable(self):
        return self.exclude(kind=InterestKind.NON_REGISTRABLE)


class Interest(models.Model):
    """One entry in a member's register."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interests", verbose_name="member"
    )
    kind = models.CharField("kind of interest", max_length=30, choices=InterestKind)
    category = models.CharField("category", max_length=40, choices=InterestCategory)
    holder = models.CharField("whose interest", max_length=10, choices=InterestHolder, default=InterestHolder.MEMBER)
    partner_name = models.CharField(
        "spouse's or partner's name",
        max_length=150,
        blank=True,
        help_text="Kept by the Monitoring Officer. It is never published.",
    )
    description = models.TextField("details", help_text="What the interest is, as the register should show it.")
    # What an agenda item is matched against: the organisations, wards and subjects it concerns.
    organisation = models.CharField(
        "organisation", max_length=200, blank=True, help_text="The employer, company, body or landlord, if any."
    )
    wards = models.ManyToManyField(Ward, blank=True, related_name="interests", verbose_name="wards it concerns")
    subjects = models.CharField(
        "subjects", max_length=300, blank=True, help_text="Words an agenda item on this would use, separated by commas."
    )
    became_aware_on = models.DateField("became aware on", help_text="The 28-day duty to notify runs from this day.")
    notified_on = models.DateField("notified on")
    ended_on = models.DateField("ended on", null=True, blank=True)
    # The Monitoring Officer's review.
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField("reviewed at", null=True, blank=True)
    sensitive = models.BooleanField(
        "sensitive interest",
        default=False,
        help_text="Section 32: the register shows that an interest exists, not its details.",
    )
    sensitive_reason = models.TextField("why it is sensitive", blank=True)
    history = tracked()

    objects = InterestQuerySet.as_manager()

    class Meta:
        ordering = ["person", "kind", "category", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("became_aware_on")),
                name="interest_ends_after_awareness",
                violation_error_message="The end date must be the same as or after the day they became aware",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.person}"

    @property
    def is_dpi(self) -> bool:
        return self.kind == InterestKind.DISCLOSABLE_PECUNIARY

    @property
    def notify_by(self) -> datetime.date:
        return self.became_aware_on + datetime.timedelta(days=NOTIFY_WITHIN_DAYS)

    @property
    def notified_late(self) -> bool:
        return self.notified_on > self.notify_by


class Dispensation(models.Model):
    """The council's permission (s.33) for a member with a disclosable pecuniary interest to take
    part in, or vote on, business it would otherwise bar them from."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="dispensations", verbose_name="member"
    )
    interest = models.ForeignKey(
        Interest, on_delete=models.PROTECT, null=True, blank=True, related_name="dispensations"
    )
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dispensations",
        help_text="Leave empty for every committee.",
    )
    scope = models.TextField("scope", help_text="The business it covers, for example the setting of council tax.")
    may_participate = models.BooleanField("may take part in the discussion", default=True)
    may_vote = models.BooleanField("may vote", default=True)
    reasons = models.TextField("grounds", help_text="The s.33(2) grounds on which it was granted.")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_on = models.DateField("granted on")
    starts_on = models.DateField("from")
    ends_on = models.DateField("until", help_text="No more than four years after it starts (s.33(3)).")
    history = tracked()

    class Meta:
        ordering = ["person", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="dispensation_ends_after_it_starts",
                violation_error_message="The end date must be the same as or after the start date",
            ),
        ]

    def __str__(self):
        return f"Dispensation for {self.person} until {self.ends_on:%-d %B %Y}"


class Gift(models.Model):
    """A gift or hospitality worth at least the council's threshold (settings.GIFTS_THRESHOLD_POUNDS)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="gifts", verbose_name="member"
    )
    received_on = models.DateField("received on")
    donor = models.CharField("from", max_length=200)
    description = models.TextField("gift or hospitality")
    value_pence = models.PositiveIntegerField("estimated value")
    notified_on = models.DateField("notified on")
    history = tracked()

    class Meta:
        ordering = ["person", "-received_on"]

    def __str__(self):
        return f"Gift from {self.donor} to {self.person}"

    @property
    def value(self) -> str:
        """The estimated value in pounds, as the register shows it: £75, £75.50."""
        pounds, pence = divmod(self.value_pence, 100)
        return f"£{pounds:,}" + (f".{pence:02d}" if pence else "")


class RegisterReturn(models.Model):
    """A member's return: their confirmation, on a day, that their register is complete and correct
    for a term (s.30(1): within 28 days of becoming a member). A nil return says they have nothing
    to register. A new term (re-election) needs a new return."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="register_returns", verbose_name="member"
    )
    term_starts_on = models.DateField("term it answers", help_text="The first day of the term the return is for.")
    submitted_on = models.DateField("submitted on")
    nil = models.BooleanField("nil return", default=False, help_text="The member had nothing to register.")
    statement = models.TextField("what the member confirmed")
    history = tracked()

    class Meta:
        ordering = ["person", "-submitted_on", "-pk"]
        indexes = [models.Index(fields=["person", "term_starts_on"], name="register_return_term")]

    def __str__(self):
        return f"Register return by {self.person} on {self.submitted_on:%-d %B %Y}"

    @property
    def due_by(self) -> datetime.date:
        return self.term_starts_on + datetime.timedelta(days=NOTIFY_WITHIN_DAYS)

    @property
    def late(self) -> bool:
        return self.submitted_on > self.due_by
